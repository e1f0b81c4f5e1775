/* expect: unknown register name '-1' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "-1");
}
