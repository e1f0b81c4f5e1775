int f(int x)
{
    asm("incl %0 # %M0" : "+r"(x));
    return x;
}
