/* expect: unknown register name 'rip' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "rip");
}
