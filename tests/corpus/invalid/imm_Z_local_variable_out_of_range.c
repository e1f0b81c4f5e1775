/* expect: impossible constraint in 'asm' */
long f(long x)
{
    long k = -1L;
    asm("# %1" : "+r"(x) : "Z"(k));
    return x;
}
