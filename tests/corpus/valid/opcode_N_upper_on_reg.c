int f(int x)
{
    asm("incl %0 # %N0" : "+r"(x));
    return x;
}
