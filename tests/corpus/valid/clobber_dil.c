void f(void)
{
    asm volatile("movb $0, %%dil" ::: "dil");
}
