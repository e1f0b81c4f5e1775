/* expect: unknown register name 'eip' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "eip");
}
