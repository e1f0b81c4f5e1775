/* expect: unknown register name 'mm8' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "mm8");
}
