unsigned short f(unsigned char c, unsigned short s)
{
    unsigned short r;
    asm("movzbw %1, %0\n\taddw %2, %0" : "=&r"(r) : "r"(c), "r"(s));
    return r;
}
