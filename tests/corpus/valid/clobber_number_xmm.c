void f(void)
{
    asm volatile("pxor %%xmm0, %%xmm0" ::: "20");
}
