int f(int x)
{
    asm("incl %0 # %y0" : "+r"(x));
    return x;
}
