/* expect: unknown register name 'r8l' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "r8l");
}
