/* exasm-sample: fields of a non-escaping local struct (array member, constant indexes) as "m"/"+m"/"=m" operands next to 12 clobbered GPRs */
#include <stdio.h>
#include <stdint.h>

struct state {
    uint32_t a;
    uint16_t b;
    uint8_t flags;
    uint64_t w[4];
    int32_t last;
    int64_t acc;
};

/* A round of mixing on a local struct: every field is a memory operand (a
   frame slot, no register needed), while the template uses all GPRs but
   rbp/rsp, one "r" input and one "=&r" output. */
static uint64_t rounds(uint64_t seed, int n)
{
    struct state st;
    uint64_t out = 0, check;
    int i;

    st.a = (uint32_t)seed;
    st.b = 7;
    st.flags = 0;
    st.w[0] = seed;
    st.w[1] = seed ^ 0x5555555555555555ull;
    st.w[2] = ~seed;
    st.w[3] = seed * 3;
    st.acc = -1;
    for (i = 0; i < n; i++) {
        asm("movq %[w0], %%rax\n\t"
            "movq %[w1], %%rbx\n\t"
            "movq %[w2], %%rcx\n\t"
            "movq %[w3], %%rdx\n\t"
            "movl %[a], %%esi\n\t"
            "movzwl %[b], %%edi\n\t"
            "movq %%rax, %%r8\n\t"
            "rolq $13, %%r8\n\t"
            "xorq %%rbx, %%r8\n\t"       /* r8 = rol(w0,13) ^ w1 */
            "leaq (%%rcx,%%rdx,2), %%r9\n\t"
            "addq %%rsi, %%r9\n\t"       /* r9 = w2 + 2*w3 + a */
            "movq %%r8, %%r10\n\t"
            "imulq %%rdi, %%r10\n\t"     /* r10 = r8 * b */
            "movq %%r9, %%r11\n\t"
            "shrq $7, %%r11\n\t"
            "movq %%r10, %%r12\n\t"
            "xorq %%r11, %%r12\n\t"
            "movq %%r12, %%r13\n\t"
            "addq %[step], %%r13\n\t"
            "movq %%rbx, %[w0]\n\t"      /* rotate the words */
            "movq %%rcx, %[w1]\n\t"
            "movq %%rdx, %[w2]\n\t"
            "movq %%r13, %[w3]\n\t"
            "addl %%r13d, %[a]\n\t"
            "incw %[b]\n\t"
            "xorb %%r13b, %[flags]\n\t"
            "movl %%r9d, %[last]\n\t"
            "addq %%r12, %[acc]\n\t"
            "movq %%r13, %[out]\n\t"
            "xorq %%r8, %[out]"
            : [out] "=&r"(out), [w0] "+m"(st.w[0]), [w1] "+m"(st.w[1]), [w2] "+m"(st.w[2]),
              [w3] "+m"(st.w[3]), [a] "+m"(st.a), [b] "+m"(st.b), [flags] "+m"(st.flags),
              [last] "=m"(st.last), [acc] "+m"(st.acc)
            : [step] "r"((uint64_t)i * 0x9e3779b97f4a7c15ull)
            : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13",
              "cc");
    }
    /* "m" inputs only: read a few fields back through the asm */
    asm("movq %1, %0\n\t"
        "xorq %2, %0\n\t"
        "addq %3, %0\n\t"
        "movslq %4, %%rax\n\t"
        "subq %%rax, %0\n\t"
        "movzbl %5, %%eax\n\t"
        "addq %%rax, %0"
        : "=&r"(check)
        : "m"(st.w[3]), "m"(st.w[1]), "m"(st.acc), "m"(st.last), "m"(st.flags)
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13");
    printf("  a=%u b=%u flags=%u last=%d acc=%lld\n", st.a, st.b, st.flags, st.last, (long long)st.acc);
    printf("  w=%016llx %016llx %016llx %016llx\n", (unsigned long long)st.w[0], (unsigned long long)st.w[1],
           (unsigned long long)st.w[2], (unsigned long long)st.w[3]);
    printf("  out=%016llx check=%016llx\n", (unsigned long long)out, (unsigned long long)check);
    return out ^ check;
}

int main(void)
{
    uint64_t seeds[3] = { 1, 0x0123456789abcdefull, 0xfffffffffffffff0ull };
    int k;
    for (k = 0; k < 3; k++) {
        uint64_t r;
        printf("seed %d:\n", k);
        r = rounds(seeds[k], 5 + k);
        printf("  result=%016llx\n", (unsigned long long)r);
    }
    return 0;
}
