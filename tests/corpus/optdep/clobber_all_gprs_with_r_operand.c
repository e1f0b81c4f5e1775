/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: 'asm' operand has impossible constraints */
int f(int x)
{
    asm("incl %0" : "+r"(x) : : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15");
    return x;
}
