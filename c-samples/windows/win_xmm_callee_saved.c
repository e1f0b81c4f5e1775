/* exasm-sample: Win64: a template clobbering xmm6..xmm15 (callee-saved on Windows) and "x" operands the allocator may put there; the caller's values in them survive */
/* exasm-needs: gnu */
#include <stdio.h>

/* Keeps doubles live in registers across the asm statements: under the Win64 ABI gcc keeps
   them in xmm6..xmm15 when a call intervenes, and the asm must give them back. */
static double __attribute__((noinline)) mix(double a, double b, double c, double d)
{
    double r0 = a * 1.5, r1 = b * 2.5, r2 = c * 3.5, r3 = d * 4.5, r4 = a + b, r5 = c + d;
    unsigned long long bits;
    asm volatile ("pcmpeqd %%xmm6, %%xmm6\n\t"
                  "movaps %%xmm6, %%xmm7\n\t"
                  "movaps %%xmm6, %%xmm8\n\t"
                  "movaps %%xmm6, %%xmm9\n\t"
                  "movaps %%xmm6, %%xmm10\n\t"
                  "movaps %%xmm6, %%xmm11\n\t"
                  "movaps %%xmm6, %%xmm12\n\t"
                  "movaps %%xmm6, %%xmm13\n\t"
                  "movaps %%xmm6, %%xmm14\n\t"
                  "movaps %%xmm6, %%xmm15\n\t"
                  "movq %%xmm15, %0"
                  : "=r" (bits)
                  :
                  : "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    printf("bits %llx\n", bits);
    double s;
    asm ("addsd %2, %0\n\t"
         "mulsd %3, %0"
         : "=x" (s)
         : "0" (r0), "x" (r1), "x" (r2));
    return s + r3 + r4 + r5;
}

/* Holds its values in callee-saved xmm registers across calls to mix (which must preserve
   them), then prints them. */
int main(void)
{
    volatile double seed = 1.0;
    double k0 = seed * 10, k1 = seed * 11, k2 = seed * 12, k3 = seed * 13, k4 = seed * 14, k5 = seed * 15,
           k6 = seed * 16, k7 = seed * 17, k8 = seed * 18, k9 = seed * 19;
    double total = 0;
    for (int i = 0; i < 3; i++) {
        total += mix(k0 + i, k1, k2, k3);
        k0 += k4; k1 += k5; k2 += k6; k3 += k7; k4 -= k8; k5 -= k9;
    }
    printf("%.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f\n", total, k0, k1, k2, k3, k4, k5, k6, k7, k8, k9);
    return 0;
}
