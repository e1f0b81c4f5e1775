int f(int x)
{
    __asm__ __volatile__("incl %0" : "+r"(x));
    return x;
}
