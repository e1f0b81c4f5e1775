/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: 'asm' operand has impossible constraints */
/* flags: -fPIC */
/* With -fPIC a global's address comes from the GOT and needs a register. Two operands on one global (g_a[3], g_a[0]) and a static (rip-relative, no register), all 14 GPRs but rsp and rbp clobbered: -O2 loads &g_a once into rbp, the only register left, and prints 24(%rbp) and 0(%rbp); -O0 loads it once per operand (2 registers, none left). */
long g_a[8];
static long s_c[4];
void f(void)
{
    asm("movq %1, %%rax\n\t"
        "addq %2, %%rax\n\t"
        "movq %%rax, %0"
        : "=m"(g_a[3])
        : "m"(g_a[0]), "m"(s_c[1])
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");
}
