int g;
long addr(void)
{
    long r;
    asm("leaq %c1(%%rip), %0" : "=r"(r) : "s"(&g));
    return r;
}
