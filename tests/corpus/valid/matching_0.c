int f(int a)
{
    int r;
    asm("negl %0" : "=r"(r) : "0"(a));
    return r;
}
