/* flags: -fno-pie */
int g;
long f(void)
{
    long r;
    asm("movq %1, %0" : "=r"(r) : "e"(&g));
    return r;
}
