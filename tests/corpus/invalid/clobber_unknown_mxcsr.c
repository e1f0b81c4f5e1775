/* expect: unknown register name 'mxcsr' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "mxcsr");
}
