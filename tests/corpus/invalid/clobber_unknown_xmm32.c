/* expect: unknown register name 'xmm32' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "xmm32");
}
