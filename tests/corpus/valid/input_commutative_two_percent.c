int f(int a, int b, int c)
{
    int r;
    asm("# %0 %1 %2 %3" : "=r"(r) : "%r"(a), "%r"(b), "r"(c));
    return r;
}
