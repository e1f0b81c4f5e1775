void *f(int a)
{
    void *r;
    asm("testl %1, %1" : "=@ccz"(r) : "r"(a));
    return r;
}
