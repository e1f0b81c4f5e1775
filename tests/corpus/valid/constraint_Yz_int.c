int f(int x)
{
    asm("# %0" : "+Yz"(x));
    return x;
}
