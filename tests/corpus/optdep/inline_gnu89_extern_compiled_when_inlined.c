/* opt-dependent: O0 accept, O2 reject */
/* expect-O2: invalid 'asm': operand number out of range */
/* flags: -std=gnu89 */
extern inline int f(int x)
{
    __asm__("bogus %5" : "=r"(x) : "0"(x));
    return x;
}
int g(int x) { return f(x); }
