struct pair { long a, b; };
long sum(long x, long y)
{
    struct pair p = { x, y };
    long r;
    asm("movq %1, %0\n\taddq %2, %0" : "=&r"(r) : "m"(p.a), "m"(p.b));
    return r;
}
