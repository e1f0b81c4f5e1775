void f(void)
{
    asm volatile("xorl %%esi, %%esi" ::: "rsi", "esi", "si", "sil");
}
