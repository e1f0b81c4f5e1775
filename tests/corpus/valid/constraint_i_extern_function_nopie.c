/* flags: -fno-pie */
extern void ext(void);
void f(void)
{
    asm volatile("call %P0" :: "i"(ext) : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
}
