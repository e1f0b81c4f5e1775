int f(int x)
{
    asm("incl %0 # %d0" : "+r"(x));
    return x;
}
