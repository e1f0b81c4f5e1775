void f(void)
{
    asm volatile("vpxord %%zmm0, %%zmm0, %%zmm0" ::: "zmm0", "zmm1", "zmm2", "zmm3", "zmm4", "zmm5", "zmm6", "zmm7", "zmm8", "zmm9", "zmm10", "zmm11", "zmm12", "zmm13", "zmm14", "zmm15");
}
