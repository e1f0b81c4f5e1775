void f(void)
{
    asm volatile("xorl %%eax, %%eax" ::: "0", "1", "2");
}
