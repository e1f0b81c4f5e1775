long sys4(long n, long a, long b, long c, long d)
{
    register long r10 asm("r10") = d;
    long ret;
    asm volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
    return ret;
}
