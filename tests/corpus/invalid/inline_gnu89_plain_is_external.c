/* expect: invalid 'asm': operand number out of range */
/* flags: -std=gnu89 */
inline int f(int x)
{
    __asm__("bogus %5" : "=r"(x) : "0"(x));
    return x;
}
