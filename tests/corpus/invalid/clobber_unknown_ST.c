/* expect: unknown register name 'ST' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "ST");
}
