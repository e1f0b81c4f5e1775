int f(int x)
{
    asm("addl %1, %0" : "+r"(x) : "K"(127));
    return x;
}
