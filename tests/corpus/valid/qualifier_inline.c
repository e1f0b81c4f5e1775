int f(int x)
{
    asm inline("incl %0" : "+r"(x));
    return x;
}
