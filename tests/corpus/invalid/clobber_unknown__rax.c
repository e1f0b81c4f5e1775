/* expect: unknown register name ' rax' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: " rax");
}
