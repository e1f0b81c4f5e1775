int f(int x)
{
    asm("# %b1" : "+r"(x) : "i"(5));
    return x;
}
