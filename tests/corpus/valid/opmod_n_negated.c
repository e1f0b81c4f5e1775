long f(long *p)
{
    long r;
    asm("movq %n2(%1), %0" : "=r"(r) : "r"(p), "i"(8));
    return r;
}
