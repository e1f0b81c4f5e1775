int f(int x)
{
    asm volatile inline("incl %0" : "+r"(x));
    return x;
}
