/* flags: -masm=intel */
int g;
long f(void)
{
    long r;
    asm("lea %0, %1" : "=r"(r) : "m"(g));
    return r;
}
