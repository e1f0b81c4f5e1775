long f(long x, long y)
{
    long r;
    __asm__("leaq 1(%1,%2), %0" : "=Yp"(r) : "Ya"(x), "Yp"(y));
    return r;
}
