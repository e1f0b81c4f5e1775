/* expect: 'asm' operand has impossible constraints */
/* flags: -fno-omit-frame-pointer */
/* "r"(p + 1) serves p[1] exactly, but gcc does not address p[2] from it at 8(%rdi): p[2] needs a base of its own, and rdi is the one register left. */
void f(long *p)
{
    asm("" : : "r"(p + 1), "m"(p[1]), "m"(p[2]) : "rax", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "rbx", "r12", "r13", "r14", "r15");
}
