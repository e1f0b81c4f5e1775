long f(void)
{
    long r;
    asm("movq %a1, %0" : "=r"(r) : "i"(4096));
    return r;
}
