long f(long x)
{
    asm("movq %0, %%rax\n\tmulq %%rax\n\tmovq %%rax, %0" : "+r"(x) : : "rax", "rdx", "cc");
    return x;
}
