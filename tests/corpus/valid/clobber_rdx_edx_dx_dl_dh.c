void f(void)
{
    asm volatile("xorl %%edx, %%edx" ::: "rdx", "edx", "dx", "dl", "dh");
}
