/* flags: -masm=intel */
int g[2];
void f(void)
{
    asm("inc %q0" : "+m"(g));
}
