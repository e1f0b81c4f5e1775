int f(int a)
{
    int r;
    asm("negl %[out]" : [out] "=r"(r) : "[out]"(a));
    return r;
}
