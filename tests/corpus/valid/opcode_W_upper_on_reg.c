int f(int x)
{
    asm("incl %0 # %W0" : "+r"(x));
    return x;
}
