/* expect: unknown register name 'spl ' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "spl ");
}
