/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: frame cannot be used in 'asm' here */
void f(void)
{
    asm volatile("nop" ::: "frame");
}
