/* warn: unsupported size for integer register */
int f(int x)
{
    asm("# %x0" : "+r"(x));
    return x;
}
