/* in 64-bit mode a 64-bit value in "A" is just rax (the classic rdtsc pitfall) */
unsigned long low(void)
{
    unsigned long r;
    asm volatile("rdtsc" : "=A"(r) : : "rdx");
    return r;
}
