int f(int x)
{
    asm("# %V0" : "+m"(x));
    return x;
}
