/* expect: unknown register name '%%st' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "%%st");
}
