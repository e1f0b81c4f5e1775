long f(long n)
{
    register long nr asm("rax") = n;
    register long a1 asm("rdi") = 1;
    asm volatile("# syscall %0 %1" : "+r"(nr) : "r"(a1) : "rcx", "r11", "memory");
    return nr;
}
