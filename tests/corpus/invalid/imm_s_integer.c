/* expect: impossible constraint in 'asm' */
long f(long x)
{
    asm("# %1" : "+r"(x) : "s"(4));
    return x;
}
