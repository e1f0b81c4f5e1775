void f(void)
{
    asm volatile("movb $0, %%sil" ::: "sil");
}
