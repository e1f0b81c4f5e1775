/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: argp cannot be used in 'asm' here */
void f(void)
{
    asm volatile("nop" ::: "argp");
}
