int f(int x)
{
    asm("incl %0 # %X0" : "+r"(x));
    return x;
}
