int f(int a)
{
    int r;
    asm("movd %1, %0" : "=x"(r) : "r"(a));
    return r;
}
