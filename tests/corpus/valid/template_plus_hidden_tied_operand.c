int f(int x)
{
    asm("incl %1" : "+r"(x));
    return x;
}
