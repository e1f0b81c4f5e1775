unsigned short swap16(unsigned short x)
{
    asm("xchgb %%al, %%ah" : "+a"(x));
    return x;
}
