unsigned __int128 mul(unsigned long a, unsigned long b)
{
    unsigned __int128 r;
    asm("mulq %2" : "=A"(r) : "a"(a), "rm"(b));
    return r;
}
