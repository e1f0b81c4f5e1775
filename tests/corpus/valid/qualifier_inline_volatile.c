int f(int x)
{
    asm inline volatile("incl %0" : "+r"(x));
    return x;
}
