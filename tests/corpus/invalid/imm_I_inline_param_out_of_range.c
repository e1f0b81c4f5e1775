/* expect: impossible constraint in 'asm' */
static inline unsigned shl(unsigned x, int c)
{
    asm("shll %1, %0" : "+r"(x) : "I"(c));
    return x;
}
unsigned f(unsigned x) { return shl(x, 40); }
