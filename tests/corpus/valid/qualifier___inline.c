int f(int x)
{
    asm __inline("incl %0" : "+r"(x));
    return x;
}
