int f(int x, int y)
{
    asm("addl %1, %0" : "+r,^m"(x) : "r,r"(y));
    return x;
}
