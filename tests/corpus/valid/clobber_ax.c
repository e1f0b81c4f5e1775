void f(void)
{
    asm volatile("xorw %%ax, %%ax" ::: "ax");
}
