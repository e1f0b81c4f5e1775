void f(void (*fn)(void))
{
    asm volatile("call %A0" :: "r"(fn) : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
}
