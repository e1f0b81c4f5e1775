float f(float x)
{
    asm("# %k0" : "+x"(x));
    return x;
}
