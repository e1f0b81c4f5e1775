int g;
long f(void)
{
    long r;
    asm("movq %1, %0" : "=r"(r) : "g"(&g));
    return r;
}
