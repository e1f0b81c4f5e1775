/* variable indexes under pressure: a[i], b[j], a[j] with "=&r" and 10 clobbers. -O2 addresses them as (%base,%index,8) from four registers (a, b, i, j), -O0 from one computed address per operand (three): both fit. (-O2 -fno-omit-frame-pointer rejects it: 4 registers left, 5 needed.) */
long f(long *a, long *b, int i, int j)
{
    long r;
    asm("movq %1, %0\n\taddq %2, %0\n\taddq %3, %0"
        : "=&r"(r)
        : "m"(a[i]), "m"(b[j]), "m"(a[j])
        : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
    return r;
}
