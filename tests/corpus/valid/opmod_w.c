short f(long x)
{
    short r;
    asm("movw %w1, %0" : "=r"(r) : "r"(x));
    return r;
}
