void f(void)
{
    asm volatile("nop" ::: "cc", "memory", "rax", "%rbx", "r12", "xmm1", "st(7)", "mm3", "fpsr", "flags", "ymm4", "zmm5", "st", "0", "ah", "sil");
}
