long long f(long long a)
{
    asm("bswapq %0" : "+r"(a));
    return a;
}
