long f(long b, long i)
{
    long r;
    asm("leaq (%1,%2,1<<%c3), %0" : "=r"(r) : "r"(b), "r"(i), "M"(3));
    return r;
}
