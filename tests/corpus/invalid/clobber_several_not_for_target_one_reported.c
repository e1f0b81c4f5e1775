/* expect: the register 'xmm20' cannot be clobbered in 'asm' for the current target */
void f(void)
{
    asm volatile("nop" ::: "zmm16", "zmm17", "k1", "xmm20");
}
