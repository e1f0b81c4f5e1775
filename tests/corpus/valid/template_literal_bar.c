int f(void)
{
    int r;
    asm("movl $(1 %| 6), %0" : "=r"(r));
    return r;
}
