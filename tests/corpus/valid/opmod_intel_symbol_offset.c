/* flags: -masm=intel -fno-pie */
int g;
long f(void)
{
    long r;
    asm("mov %0, %1" : "=r"(r) : "i"(&g));
    return r;
}
