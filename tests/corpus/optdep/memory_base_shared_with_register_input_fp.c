/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: 'asm' operand has impossible constraints */
/* flags: -fno-omit-frame-pointer */
/* the pointer in %rdi serves "r"(p), the base of "m"(*p) and the late output "=r"(o) at -O1 and above (gcc prints %rdi (%rdi) %rdi); -O0 loads p twice, with rdi the one register left (rbp is the frame pointer). */
long f(long *p)
{
    long o;
    asm("movq %2, %0" : "=r"(o) : "r"(p), "m"(*p) : "rax", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "rbx", "r12", "r13", "r14", "r15");
    return o;
}
