void f(void)
{
    asm volatile("xorl %%eax, %%eax" ::: "%rax", "%r11", "%xmm3", "%st(1)");
}
