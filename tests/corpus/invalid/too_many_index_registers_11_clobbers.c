/* expect: 'asm' operand has impossible constraints */
/* the same with 11 clobbers: -O2 needs 5 registers and has 4, -O0 needs 4 and has 3 (-O0 -fomit-frame-pointer accepts it). */
long f(long *a, long *b, int i, int j)
{
    long r;
    asm("movq %1, %0\n\taddq %2, %0\n\taddq %3, %0"
        : "=&r"(r)
        : "m"(a[i]), "m"(b[j]), "m"(a[j])
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12");
    return r;
}
