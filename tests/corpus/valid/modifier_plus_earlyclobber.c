long f(long a, long b)
{
    long t;
    asm("movq %2, %1\n\taddq %1, %0" : "+&r"(a), "=&r"(t) : "r"(b));
    return a + t;
}
