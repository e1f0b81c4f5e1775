int f(int x)
{
    asm("# %g0" : "+r"(x));
    return x;
}
