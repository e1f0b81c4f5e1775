/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
unsigned long f(unsigned long x)
{
    unsigned long k = 63;
    asm("shlq %1, %0" : "+r"(x) : "J"(k));
    return x;
}
