/* expect: 'asm' operand has impossible constraints */
/* flags: -fPIC */
/* With -fPIC two distinct globals need two GOT-loaded base registers; all 14 GPRs but rsp and rbp clobbered leave none at -O0 and one (rbp) at -O2. */
long g_a[8];
long g_b;
static long s_c[4];
void f(void)
{
    asm("movq %1, %%rax\n\t"
        "addq %2, %%rax\n\t"
        "movq %%rax, %0"
        : "=m"(g_a[3])
        : "m"(g_b), "m"(s_c[1])
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");
}
