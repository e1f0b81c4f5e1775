void f(void (*fn)(void))
{
    asm volatile("call __x86_indirect_thunk_%V0" :: "r"(fn) : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
}
