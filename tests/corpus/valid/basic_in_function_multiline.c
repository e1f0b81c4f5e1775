void f(void)
{
    asm("nop\n\t"
        "nop\n\t"
        "pause");
}
