/* expect: unknown register name 'r8d' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "r8d");
}
