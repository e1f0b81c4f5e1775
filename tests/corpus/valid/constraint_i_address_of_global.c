int g;
long addr(void)
{
    long r;
    asm("leaq %a1, %0" : "=r"(r) : "i"(&g));
    return r;
}
