long f(long *p)
{
    long r;
    asm("leaq %a1, %0" : "=r"(r) : "p"(p + 2));
    return r;
}
