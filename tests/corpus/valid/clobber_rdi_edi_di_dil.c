void f(void)
{
    asm volatile("xorl %%edi, %%edi" ::: "rdi", "edi", "di", "dil");
}
