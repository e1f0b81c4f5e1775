/* flags: -mavx512f */

void f(void)
{
    asm volatile("vpxord %%ymm16, %%ymm16, %%ymm16" ::: "ymm16", "ymm17", "ymm18", "ymm19", "ymm20", "ymm21", "ymm22", "ymm23", "ymm24", "ymm25", "ymm26", "ymm27", "ymm28", "ymm29", "ymm30", "ymm31");
}
