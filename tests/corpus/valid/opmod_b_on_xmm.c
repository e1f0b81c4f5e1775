float f(float x)
{
    asm("# %b0" : "+x"(x));
    return x;
}
