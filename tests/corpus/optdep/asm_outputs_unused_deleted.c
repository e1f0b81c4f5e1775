/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: invalid 'asm': operand number out of range */
int f(int x)
{
    int y;
    __asm__("bogus %5" : "=r"(y) : "r"(x));
    return x;
}
