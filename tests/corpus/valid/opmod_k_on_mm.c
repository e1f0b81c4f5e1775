long long f(long long x)
{
    asm("# %k0" : "+y"(x));
    return x;
}
