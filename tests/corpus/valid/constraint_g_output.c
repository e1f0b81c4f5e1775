int f(int x)
{
    int r;
    asm("movl %1, %0" : "=g"(r) : "r"(x));
    return r;
}
