long first(const long *p)
{
    long r;
    asm("lodsq" : "=a"(r), "+S"(p) : : "memory");
    return r;
}
