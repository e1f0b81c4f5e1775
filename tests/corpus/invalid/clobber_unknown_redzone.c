/* expect: unknown register name 'redzone' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "redzone");
}
