long f(long *base, long idx)
{
    long r;
    asm("movq (%1,%2,8), %0" : "=r"(r) : "r"(base), "l"(idx));
    return r;
}
