int f(int x)
{
    asm("incl %p0" : "+r"(x));
    return x;
}
