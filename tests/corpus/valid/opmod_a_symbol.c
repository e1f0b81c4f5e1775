int g;
long f(void)
{
    long r;
    asm("leaq %a1, %0" : "=r"(r) : "i"(&g));
    return r;
}
