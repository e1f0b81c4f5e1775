/* flags: -masm=intel */
long g;
void f(void)
{
    asm("inc %w0" : "+m"(g));
}
