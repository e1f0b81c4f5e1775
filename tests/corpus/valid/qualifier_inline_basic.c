void f(void)
{
    asm inline("nop");
}
