/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
unsigned f(unsigned x)
{
    unsigned k = 31;
    asm("shll %1, %0" : "+r"(x) : "I"(k));
    return x;
}
