/* flags: -fomit-frame-pointer */

void f(void)
{
    asm volatile("nop" ::: "rbp");
}
