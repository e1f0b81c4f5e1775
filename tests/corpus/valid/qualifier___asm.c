int f(int x)
{
    __asm ("incl %0" : "+r"(x));
    return x;
}
