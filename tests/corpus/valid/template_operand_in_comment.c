int f(int a, int b)
{
    asm("# %0 %1 unused" : "=r"(a) : "r"(b));
    return a;
}
