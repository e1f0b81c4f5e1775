/* expect: unknown register name 'r15d' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "r15d");
}
