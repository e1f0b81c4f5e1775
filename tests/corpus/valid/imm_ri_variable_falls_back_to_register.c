int f(int x, int y)
{
    asm("addl %1, %0" : "+r"(x) : "Ir"(y));
    return x;
}
