int f(int x)
{
    asm("# %A1" : "+r"(x) : "i"(5));
    return x;
}
