int f(int x)
{
    __asm __volatile("incl %0" : "+r"(x));
    return x;
}
