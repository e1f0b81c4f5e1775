/* flags: -masm=intel */
char buf[8];
void f(void)
{
    asm("inc %k0" : "+m"(buf));
}
