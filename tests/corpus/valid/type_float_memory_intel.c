/* flags: -masm=intel */
float g;
void f(void)
{
    asm("fld %0\n\tfchs\n\tfstp %0" : "+m"(g));
}
