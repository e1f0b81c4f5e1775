/* exasm-sample: regression (issue 22): rbx used by the template beside nine register operands and r12-r15 clobbered, so no register is free to stand in for rbx in a Rust asm! thunk; the Rust backend makes it a naked function with the GAS thunk's body */
#include <stdio.h>

static unsigned long mix(unsigned long a, unsigned long b, unsigned long c, unsigned long d,
                         unsigned long e, unsigned long f, unsigned long g, unsigned long h)
{
    asm volatile("movq %1, %%rbx\n\t"
                 "addq %2, %%rbx\n\t"
                 "imulq %3, %%rbx\n\t"
                 "xorq %4, %%rbx\n\t"
                 "addq %5, %%rbx\n\t"
                 "subq %6, %%rbx\n\t"
                 "rolq $7, %%rbx\n\t"
                 "addq %7, %%rbx\n\t"
                 "xorq %8, %%rbx\n\t"
                 "movq $0x5a5a, %%r12\n\t"
                 "movq %%r12, %%r13\n\t"
                 "movq %%r13, %%r14\n\t"
                 "movq %%r14, %%r15\n\t"
                 "addq %%r15, %%rbx\n\t"
                 "addq %%rbx, %0"
                 : "+r"(a)
                 : "r"(a), "r"(b), "r"(c), "r"(d), "r"(e), "r"(f), "r"(g), "r"(h)
                 : "rbx", "r12", "r13", "r14", "r15", "cc");
    return a;
}

int main(void)
{
    unsigned long acc = 1;
    for (unsigned long i = 0; i < 1000; i++)
        acc = mix(acc, i, i * 3 + 1, acc >> 3, i ^ 0x55, acc + 7, i << 2, acc * 5);
    printf("%lu\n", acc);
    return 0;
}
