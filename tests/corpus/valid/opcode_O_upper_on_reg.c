int f(int x)
{
    asm("incl %0 # %O0" : "+r"(x));
    return x;
}
