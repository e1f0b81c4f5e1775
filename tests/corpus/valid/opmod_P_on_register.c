int f(int x)
{
    asm("incl %P0" : "+r"(x));
    return x;
}
