/* expect: impossible constraint in 'asm' */
long f(long x)
{
    asm("# %1" : "+r"(x) : "n"(&x));
    return x;
}
