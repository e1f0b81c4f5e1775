/* expect: unknown register name 'RAX' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "RAX");
}
