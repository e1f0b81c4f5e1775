/* warn: unsupported size for integer register */
long double f(long double x)
{
    asm("# %0" : "+r"(x));
    return x;
}
