int f(int x)
{
    __asm__ ("incl %0" : "+r"(x));
    return x;
}
