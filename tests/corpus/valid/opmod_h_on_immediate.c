int f(int x)
{
    asm("# %h1" : "+r"(x) : "i"(5));
    return x;
}
