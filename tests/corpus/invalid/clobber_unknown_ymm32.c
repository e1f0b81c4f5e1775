/* expect: unknown register name 'ymm32' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "ymm32");
}
