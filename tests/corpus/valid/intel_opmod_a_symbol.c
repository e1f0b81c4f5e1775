/* flags: -masm=intel */
int g;
long f(void)
{
    long r;
    asm("lea %0, %a1" : "=r"(r) : "i"(&g));
    return r;
}
