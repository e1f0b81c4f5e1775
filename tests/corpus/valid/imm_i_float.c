int f(int x)
{
    asm("# %1" : "+r"(x) : "i"(1.5));
    return x;
}
