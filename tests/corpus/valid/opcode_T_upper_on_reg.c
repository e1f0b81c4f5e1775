int f(int x)
{
    asm("incl %0 # %T0" : "+r"(x));
    return x;
}
