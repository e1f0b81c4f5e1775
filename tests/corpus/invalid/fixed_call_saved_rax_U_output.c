/* expect: 'asm' operand has impossible constraints */
/* flags: -fcall-saved-rax */
long f(void)
{
    long x;
    asm("movq $1, %0" : "=U"(x) :: "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
    return x;
}
