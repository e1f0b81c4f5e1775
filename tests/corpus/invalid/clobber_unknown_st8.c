/* expect: unknown register name 'st(8)' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "st(8)");
}
