/* exasm-sample: GCC manual style 64x64->128 multiply: imulq/mulq with "=a" "=d" outputs, "0" tied input and "rm" operand */
#include <stdio.h>
#include <stdint.h>

static inline void imul128(int64_t x, int64_t y, int64_t *hi, uint64_t *lo)
{
    uint64_t l;
    int64_t h;

    asm ("imulq %[a]"
         : "=a" (l), "=d" (h)
         : "0" (x), [a] "rm" (y)
         : "cc");
    *hi = h;
    *lo = l;
}

static inline void mul128(uint64_t x, uint64_t y, uint64_t *hi, uint64_t *lo)
{
    asm ("mulq %3" : "=a" (*lo), "=d" (*hi) : "%0" (x), "rm" (y) : "cc");
}

int main(void)
{
    int64_t xs[] = { 0, 1, -1, 3, -7, 0x7fffffffffffffffL,
                     -0x7fffffffffffffffL - 1, 123456789012345L };
    int64_t ys[] = { 5, -1, 0x100000000L, -0x7fffffffffffffffL - 1 };
    unsigned i, j;

    for (i = 0; i < sizeof xs / sizeof xs[0]; i++)
        for (j = 0; j < sizeof ys / sizeof ys[0]; j++) {
            int64_t hi;
            uint64_t lo;
            imul128(xs[i], ys[j], &hi, &lo);
            printf("imul %ld * %ld = hi %ld lo %#lx\n", xs[i], ys[j], hi, lo);
        }

    for (i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        uint64_t hi, lo;
        mul128((uint64_t)xs[i], 0xfedcba9876543210UL, &hi, &lo);
        printf("mul %#lx * 0xfedcba9876543210 = %#lx:%016lx\n",
               (uint64_t)xs[i], hi, lo);
    }
    return 0;
}
