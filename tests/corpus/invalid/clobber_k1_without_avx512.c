/* expect: the register 'k1' cannot be clobbered in 'asm' for the current target */
void f(void)
{
    asm volatile("nop" ::: "k1");
}
