static void helper(void) { }
void f(void)
{
    asm volatile("call %P0" :: "i"(helper) : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
}
