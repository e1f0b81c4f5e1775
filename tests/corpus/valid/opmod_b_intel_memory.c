/* flags: -masm=intel */
int g;
void f(void)
{
    asm("inc %b0" : "+m"(g));
}
