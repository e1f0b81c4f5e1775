static const int k = 5;
int f(void)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "i"(k));
    return r;
}
