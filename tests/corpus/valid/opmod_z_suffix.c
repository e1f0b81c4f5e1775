short f(short a, short b)
{
    asm("add%z0 %1, %0" : "+r"(a) : "r"(b));
    return a;
}
