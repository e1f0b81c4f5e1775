/* expect: invalid 'asm': operand number out of range */
int f(int x)
{
    int y, z;
    __asm__("bogus %5" : "=r"(y), "=r"(z) : "r"(x));
    return z;
}
