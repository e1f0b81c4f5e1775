/* secp256k1's field-multiply shape: "=m" locals (frame slots, no register) beside "+S" "b" "D" and the 11 other GPRs but rbp clobbered. */
typedef unsigned long uint64_t;
void f(uint64_t *r, const uint64_t *a, const uint64_t *b)
{
    uint64_t tmp1, tmp2, tmp3;
    __asm__ volatile("movq 0(%%rsi), %%r10\n\t"
                     "movq %%r10, %1\n\t"
                     "movq 0(%%rbx), %%r11\n\t"
                     "movq %%r11, %2\n\t"
                     "movq %1, %%rax\n\t"
                     "mulq %2\n\t"
                     "movq %%rax, %3\n\t"
                     "movq %3, %%rcx\n\t"
                     "movq %%rcx, 0(%%rdi)"
                     : "+S"(a), "=m"(tmp1), "=m"(tmp2), "=m"(tmp3)
                     : "b"(b), "D"(r)
                     : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "cc", "memory");
}
