int f(int x)
{
    asm("# %1" : "+r"(x) : "C"(0));
    return x;
}
