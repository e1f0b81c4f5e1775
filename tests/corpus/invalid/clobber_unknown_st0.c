/* expect: unknown register name 'st(0)' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "st(0)");
}
