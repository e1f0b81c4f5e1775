void f(void)
{
    asm volatile("xorl %%eax, %%eax" ::: "eax");
}
