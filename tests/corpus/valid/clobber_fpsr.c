void f(void)
{
    asm volatile("fnclex" ::: "fpsr");
}
