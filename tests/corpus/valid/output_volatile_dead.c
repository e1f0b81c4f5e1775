void f(void)
{
    int unused;
    asm volatile("rdtsc\n\tmovl %%eax, %0" : "=r"(unused) : : "rax", "rdx");
}
