/* expect: unknown register name 'ax:' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "ax:");
}
