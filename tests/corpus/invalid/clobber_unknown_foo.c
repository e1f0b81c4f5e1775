/* expect: unknown register name 'foo' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "foo");
}
