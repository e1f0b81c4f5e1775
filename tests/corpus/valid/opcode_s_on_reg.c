int f(int x)
{
    asm("incl %0 # %s0" : "+r"(x));
    return x;
}
