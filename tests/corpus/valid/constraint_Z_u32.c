unsigned long f(void)
{
    unsigned long r;
    asm("movl %1, %k0" : "=r"(r) : "Z"(0xfffffff0UL));
    return r;
}
