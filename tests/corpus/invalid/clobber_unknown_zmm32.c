/* expect: unknown register name 'zmm32' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "zmm32");
}
