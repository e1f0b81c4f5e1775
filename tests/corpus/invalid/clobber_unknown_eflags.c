/* expect: unknown register name 'eflags' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "eflags");
}
