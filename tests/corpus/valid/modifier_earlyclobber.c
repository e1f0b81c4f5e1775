long f(long a, long b)
{
    long r;
    asm("movq %1, %0\n\taddq %2, %0" : "=&r"(r) : "r"(a), "r"(b));
    return r;
}
