void f(void)
{
    asm volatile("xorl %%eax, %%eax" ::: "rax", "rax", "eax", "memory", "memory");
}
