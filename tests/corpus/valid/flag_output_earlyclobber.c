int f(int a)
{
    int r;
    asm("testl %1, %1" : "=&@ccz"(r) : "r"(a));
    return r;
}
