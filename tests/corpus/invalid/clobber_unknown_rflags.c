/* expect: unknown register name 'rflags' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "rflags");
}
