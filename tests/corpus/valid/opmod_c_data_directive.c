void f(void)
{
    asm volatile(".pushsection .rodata\n\t.long %c0, %c1\n\t.popsection" :: "i"(sizeof(long double)), "n"(-5));
}
