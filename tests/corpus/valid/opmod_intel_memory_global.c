/* flags: -masm=intel */
int g;
int f(void)
{
    int r;
    asm("mov %0, %1" : "=r"(r) : "m"(g));
    return r;
}
