void f(void)
{
    asm volatile("mfence" ::: "memory");
}
