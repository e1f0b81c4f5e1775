/* flags: -masm=intel */
long f(long *p)
{
    long r;
    asm("mov %0, [%1%n2]" : "=r"(r) : "r"(p), "i"(8));
    return r;
}
