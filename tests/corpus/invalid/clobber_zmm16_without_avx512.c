/* expect: the register 'zmm16' cannot be clobbered in 'asm' for the current target */
void f(void)
{
    asm volatile("nop" ::: "zmm16");
}
