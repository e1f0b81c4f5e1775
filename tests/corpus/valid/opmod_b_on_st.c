double f(double x)
{
    asm("# %b0" : "+t"(x));
    return x;
}
