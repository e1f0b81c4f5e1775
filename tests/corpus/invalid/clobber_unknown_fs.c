/* expect: unknown register name 'fs' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "fs");
}
