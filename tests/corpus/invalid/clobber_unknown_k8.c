/* expect: unknown register name 'k8' in 'asm' */
void f(void)
{
    asm volatile("nop" ::: "k8");
}
