/* expect: impossible constraint in 'asm' */
int f(int x)
{
    __asm__ volatile("# %0" :: "Bf"(x));
    return x;
}
