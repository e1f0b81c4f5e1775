void f(void)
{
    asm volatile("cmpl %%eax, %%eax" ::: "flags");
}
