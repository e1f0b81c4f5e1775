/* five "=g" outputs and an "rm" rvalue input with 11 GPRs clobbered: gcc puts the outputs it has no register for in frame slots. */
void f(long x, long *o)
{
    long a, b, c, d, e;
    asm("movq %5, %%rax\n\t"
        "movq %%rax, %0\n\t"
        "movq %%rax, %1\n\t"
        "movq %%rax, %2\n\t"
        "movq %%rax, %3\n\t"
        "movq %%rax, %4"
        : "=g"(a), "=g"(b), "=g"(c), "=g"(d), "=g"(e)
        : "rm"(x + 1)
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12");
    o[0] = a; o[1] = b; o[2] = c; o[3] = d; o[4] = e;
}
