/* expect: unknown register name '999' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "999");
}
