int f(int (*fn)(int), int x)
{
    int r;
    asm volatile("call *%1" : "=a"(r) : "r"(fn), "D"(x) : "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "memory");
    return r;
}
