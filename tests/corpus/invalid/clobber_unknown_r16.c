/* expect: unknown register name 'r16' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "r16");
}
