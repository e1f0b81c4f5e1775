void f(void)
{
    asm volatile("xorl %%r8d, %%r8d" ::: "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");
}
