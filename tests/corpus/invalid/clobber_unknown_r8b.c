/* expect: unknown register name 'r8b' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "r8b");
}
