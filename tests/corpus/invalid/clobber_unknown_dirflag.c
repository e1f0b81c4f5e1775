/* expect: unknown register name 'dirflag' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "dirflag");
}
