char carry(unsigned a, unsigned b)
{
    char c;
    asm("addl %2, %1\n\tsetc %0" : "=q"(c), "+r"(a) : "r"(b));
    return c;
}
