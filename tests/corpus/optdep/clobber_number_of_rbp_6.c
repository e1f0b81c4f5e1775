/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: bp cannot be used in 'asm' here */
void f(void)
{
    asm volatile("nop" ::: "6");
}
