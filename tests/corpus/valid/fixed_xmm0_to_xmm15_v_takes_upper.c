/* flags: -march=skylake-avx512 -ffixed-xmm0 -ffixed-xmm1 -ffixed-xmm2 -ffixed-xmm3 -ffixed-xmm4 -ffixed-xmm5 -ffixed-xmm6 -ffixed-xmm7 -ffixed-xmm8 -ffixed-xmm9 -ffixed-xmm10 -ffixed-xmm11 -ffixed-xmm12 -ffixed-xmm13 -ffixed-xmm14 -ffixed-xmm15 */
typedef float v4 __attribute__((vector_size(16)));
void f(v4 *p)
{
    v4 a = *p;
    __asm("vaddps %0, %0, %0" : "+v"(a));
    *p = a;
}
