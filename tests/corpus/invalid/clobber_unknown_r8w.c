/* expect: unknown register name 'r8w' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "r8w");
}
