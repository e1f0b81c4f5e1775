int f(int x)
{
    asm __inline__("incl %0" : "+r"(x));
    return x;
}
