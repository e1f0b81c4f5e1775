void f(void)
{
    asm volatile("nop");
}
