unsigned long mulhi(unsigned long a, unsigned long b)
{
    unsigned long lo, hi;
    asm("mulq %3" : "=a"(lo), "=d"(hi) : "a"(a), "rm"(b));
    return hi ^ lo;
}
