int f(int x)
{
    asm("incl %0 # %L0" : "+r"(x));
    return x;
}
