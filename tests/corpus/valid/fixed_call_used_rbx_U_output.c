/* flags: -fcall-used-rbx */
long f(void)
{
    long x;
    asm("movq $1, %0" : "=U"(x) :: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
    return x;
}
