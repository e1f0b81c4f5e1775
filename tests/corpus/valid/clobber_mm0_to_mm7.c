void f(void)
{
    asm volatile("pxor %%mm0, %%mm0\n\temms" ::: "mm0", "mm1", "mm2", "mm3", "mm4", "mm5", "mm6", "mm7");
}
