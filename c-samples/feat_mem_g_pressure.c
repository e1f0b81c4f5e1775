/* exasm-sample: five "=g" outputs beside 11 clobbered GPRs (some land in stack slots), and "rm" rvalue inputs (x+y) with all GPRs but one or none clobbered */
#include <stdio.h>

/* 11 GPRs clobbered: at most 3 (-O0) or 4 (-O2) registers are left for the
   five "=g" outputs and the two "rm" inputs, so gcc puts some of them in
   frame slots.  Every input is read before any output is written. */
static void five(long x, long y, long *o)
{
    long a, b, c, d, e;
    asm("movq %5, %%rax\n\t"          /* rax = x + y */
        "movq %6, %%rbx\n\t"          /* rbx = x - y */
        "movq %%rax, %%rcx\n\t"
        "imulq %%rbx, %%rcx\n\t"      /* rcx = x*x - y*y */
        "leaq (%%rax,%%rbx), %%rdx\n\t"   /* rdx = 2x */
        "movq %%rax, %%rsi\n\t"
        "subq %%rbx, %%rsi\n\t"       /* rsi = 2y */
        "movq %%rcx, %%rdi\n\t"
        "sarq $3, %%rdi\n\t"
        "movq %%rdx, %%r8\n\t"
        "xorq %%rsi, %%r8\n\t"
        "movq %%rcx, %%r9\n\t"
        "notq %%r9\n\t"
        "leaq 1(%%rdi,%%r8,4), %%r10\n\t"
        "movq %%r10, %%r11\n\t"
        "rolq $17, %%r11\n\t"
        "movq %%r11, %%r12\n\t"
        "addq %%r9, %%r12\n\t"
        "movq %%rcx, %0\n\t"
        "movq %%rdx, %1\n\t"
        "movq %%r10, %2\n\t"
        "movq %%r11, %3\n\t"
        "movq %%r12, %4"
        : "=g"(a), "=g"(b), "=g"(c), "=g"(d), "=g"(e)
        : "rm"(x + y), "rm"(x - y)
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "cc");
    o[0] = a;
    o[1] = b;
    o[2] = c;
    o[3] = d;
    o[4] = e;
}

/* 13 GPRs clobbered (all but rsp, rbp and r15): three "rm" rvalue inputs and a
   "=g" output share one register or go to frame slots. */
static long rvalues13(long x, long y, long z)
{
    long r;
    asm("movq %1, %%rax\n\t"          /* x + y */
        "movq %2, %%rbx\n\t"          /* x * z */
        "movq %3, %%rcx\n\t"          /* y - z */
        "leaq (%%rax,%%rbx,2), %%rdx\n\t"
        "imulq %%rcx, %%rdx\n\t"
        "movq %%rdx, %%rsi\n\t"
        "shrq $5, %%rsi\n\t"
        "xorq %%rsi, %%rdx\n\t"
        "movq %%rdx, %%rdi\n\t"
        "movq %%rdi, %%r8\n\t"
        "movq %%r8, %%r9\n\t"
        "movq %%r9, %%r10\n\t"
        "movq %%r10, %%r11\n\t"
        "movq %%r11, %%r12\n\t"
        "movq %%r12, %%r13\n\t"
        "movq %%r13, %%r14\n\t"
        "movq %%r14, %0"
        : "=g"(r)
        : "rm"(x + y), "rm"(x * z), "rm"(y - z)
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14",
          "cc");
    return r;
}

/* All 14 GPRs but rsp and rbp clobbered: the "rm" rvalues must all be in frame
   slots, and the "=g" output too. */
static long rvalues14(long x, long y)
{
    long r;
    asm("movq %1, %%rax\n\t"
        "addq %2, %%rax\n\t"
        "movq %%rax, %%r15\n\t"
        "imulq %%r15, %%r15\n\t"
        "movq %%r15, %0"
        : "=g"(r)
        : "rm"(x + y), "rm"(x ^ y)
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14",
          "r15", "cc");
    return r;
}

int main(void)
{
    static const long xs[4] = { 3, -1000, 123456789, 0x7fffffff };
    static const long ys[4] = { 4, 77, -98765, 12345 };
    int k;
    for (k = 0; k < 4; k++) {
        long o[5];
        five(xs[k], ys[k], o);
        printf("five(%ld, %ld) = %ld %ld %ld %ld %ld\n", xs[k], ys[k], o[0], o[1], o[2], o[3], o[4]);
        printf("rvalues13 = %ld\n", rvalues13(xs[k], ys[k], xs[(k + 1) % 4]));
        printf("rvalues14 = %ld\n", rvalues14(xs[k], ys[k]));
    }
    return 0;
}
