/* expect: the register 'xmm31' cannot be clobbered in 'asm' for the current target */
void f(void)
{
    asm volatile("nop" ::: "xmm31");
}
