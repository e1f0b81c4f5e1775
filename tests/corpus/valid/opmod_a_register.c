long f(long *p)
{
    long r;
    asm("movq %a1, %0" : "=r"(r) : "r"(p));
    return r;
}
