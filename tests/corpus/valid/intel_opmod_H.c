/* flags: -masm=intel */
__int128 g;
long f(void)
{
    long r;
    asm("mov %0, %H1" : "=r"(r) : "o"(g));
    return r;
}
