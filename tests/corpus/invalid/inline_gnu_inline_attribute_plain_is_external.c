/* expect: invalid 'asm': operand number out of range */
inline __attribute__((gnu_inline)) int f(int x)
{
    __asm__("bogus %5" : "=r"(x) : "0"(x));
    return x;
}
