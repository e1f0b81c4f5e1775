/* flags: -mavx512f */

void f(void)
{
    asm volatile("vpxord %%xmm16, %%xmm16, %%xmm16" ::: "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23", "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", "xmm29", "xmm30", "xmm31");
}
