char low(long x)
{
    char r;
    asm("movb %b1, %0" : "=r"(r) : "r"(x));
    return r;
}
