int f(int a, int b, int c)
{
    asm("addl %1, %0\n\taddl %2, %0" : "+r"(a) : "r"(b), "r"(c));
    return a;
}
