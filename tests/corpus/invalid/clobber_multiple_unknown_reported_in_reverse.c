/* expect: unknown register name 'bar' in 'asm' */
/* expect: unknown register name 'st(0)' in 'asm' */
/* expect: unknown register name 'foo' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "foo", "rax", "st(0)", "bar");
}
