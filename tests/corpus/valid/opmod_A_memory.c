void (*hook)(void);
void f(void)
{
    asm volatile("call %A0" :: "m"(hook) : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
}
