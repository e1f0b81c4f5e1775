int f(int x)
{
    asm volatile("incl %0" : "+r"(x));
    return x;
}
