int f(int x)
{
    asm("# %t0" : "+r"(x));
    return x;
}
