void f(void)
{
    asm volatile("xorl %%ebx, %%ebx" ::: "rbx", "ebx", "bx", "bl", "bh");
}
