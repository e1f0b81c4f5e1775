int f(int x)
{
    asm("incl %0 # %Q0" : "+r"(x));
    return x;
}
