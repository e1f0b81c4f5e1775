int f(int x)
{
    asm("addl $(1|6), %0" : "+r"(x));
    return x;
}
