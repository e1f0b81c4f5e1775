/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: 'asm' operand has impossible constraints */
/* flags: -fno-omit-frame-pointer */
/* "r"(p + 1) holds the exact address of "=m"(p[1]): -O2 addresses it as (%rdi), with rdi the one register left (rbp is the frame pointer). */
void f(long *p)
{
    asm("movq $0, %0" : "=m"(p[1]) : "r"(p + 1) : "rax", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "rbx", "r12", "r13", "r14", "r15");
}
