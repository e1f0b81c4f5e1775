int f(int a)
{
    int r;
    asm("negl %[out]" : [out] "=r,m"(r) : "[out],[out]"(a));
    return r;
}
