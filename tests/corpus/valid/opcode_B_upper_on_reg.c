int f(int x)
{
    asm("incl %0 # %B0" : "+r"(x));
    return x;
}
