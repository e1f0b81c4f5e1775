/* flags: -mavx512f */
double add(double a, double b)
{
    double r;
    asm("vaddsd %2, %1, %0" : "=v"(r) : "v"(a), "v"(b) : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    return r;
}
