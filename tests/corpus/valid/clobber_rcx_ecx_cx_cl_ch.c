void f(void)
{
    asm volatile("xorl %%ecx, %%ecx" ::: "rcx", "ecx", "cx", "cl", "ch");
}
