/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
long f(long x)
{
    long k = -2147483647L;
    asm("addq %1, %0" : "+r"(x) : "e"(k));
    return x;
}
