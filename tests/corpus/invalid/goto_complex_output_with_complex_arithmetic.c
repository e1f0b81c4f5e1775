/* expect: sorry, unimplemented: 'asm goto' with complex typed outputs */
unsigned int _Complex f(unsigned int _Complex a1, unsigned int _Complex a2)
{
    unsigned int _Complex x;
    asm goto("" : "=r"(x) : : : A1);
A1:
    return x + a2;
}
