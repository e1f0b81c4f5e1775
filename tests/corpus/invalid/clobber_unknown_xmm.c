/* expect: unknown register name 'xmm' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "xmm");
}
