/* globals and statics only (array elements, struct fields) with all 14 GPRs but rsp and rbp clobbered: sym(%rip) operands need no register. */
long g_a[8];
static long s_b[4];
struct s { int x; long y; } g_s;
static int s_c;
void f(void)
{
    asm("movq %4, %%r15\n\t"
        "addq %5, %%r15\n\t"
        "movslq %6, %%rax\n\t"
        "addq %%rax, %%r15\n\t"
        "movq %%r15, %0\n\t"
        "movq %%r15, %1\n\t"
        "incl %2\n\t"
        "movq %%r15, %3"
        : "=m"(g_a[3]), "=m"(s_b[2]), "+m"(g_s.x), "=m"(g_s.y)
        : "m"(g_a[0]), "m"(s_b[1]), "m"(s_c)
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");
}
