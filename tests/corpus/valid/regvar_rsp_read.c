long f(void)
{
    register long sp asm("rsp");
    long r;
    asm("movq %1, %0" : "=r"(r) : "r"(sp));
    return r;
}
