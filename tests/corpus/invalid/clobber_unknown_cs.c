/* expect: unknown register name 'cs' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "cs");
}
