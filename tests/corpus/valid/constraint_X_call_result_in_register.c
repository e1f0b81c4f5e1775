int g(int);
int f(int y)
{
    __asm__ volatile("# %0" :: "X"(g(y)));
    return y;
}
