int f(int x)
{
    asm("incl %0 # %Z0" : "+r"(x));
    return x;
}
