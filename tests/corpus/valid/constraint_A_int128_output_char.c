char f(char x)
{
    asm("# %0" : "+A"(x));
    return x;
}
