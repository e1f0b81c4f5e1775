/* flags: -masm=intel */
long f(void)
{
    long r;
    asm("mov %0, rsp" : "=r"(r));
    return r;
}
