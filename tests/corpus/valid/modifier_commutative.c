int f(int a, int b)
{
    int r;
    asm("addl %2, %0" : "=r"(r) : "%0"(a), "rm"(b));
    return r;
}
