unsigned int _Complex a0;
unsigned int _Complex f(void)
{
    unsigned int _Complex x;
    asm goto("xorq %0, %0" : "=r"(x) : : : A1);
    a0 = x;
A1:
    return 0;
}
