/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
long f(long x)
{
    long k = 0xffffffffL;
    asm("# %1" : "+r"(x) : "Z"(k));
    return x;
}
