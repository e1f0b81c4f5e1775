/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
static inline __attribute__((always_inline)) int addc(int x, int c)
{
    asm("addl %1, %0" : "+r"(x) : "i"(c));
    return x;
}
int f(int x) { return addc(x, 7); }
