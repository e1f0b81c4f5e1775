int f(int x)
{
    asm("incl %0 # %S0" : "+r"(x));
    return x;
}
