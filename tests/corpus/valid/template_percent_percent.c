long f(void)
{
    long r;
    asm("movq %%rsp, %0" : "=r"(r));
    return r;
}
