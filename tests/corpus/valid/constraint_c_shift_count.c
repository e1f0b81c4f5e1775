unsigned long rol(unsigned long x, unsigned char n)
{
    asm("rolq %%cl, %0" : "+r"(x) : "c"(n));
    return x;
}
