/* exasm-sample: regression (difftest seed 14, program 8775): flag outputs next to a "b" input; the Rust backend wrote a flag into %bl while rbx was still swapped with its stand-in */
#include <stdio.h>

int main(void)
{
    volatile short i0 = -9;
    short v0 = i0;
    volatile unsigned int i1 = 75339u;
    unsigned int v1 = i1;
    volatile unsigned long i2 = 38664UL;
    unsigned long v2 = i2;
    int v3;
    unsigned char v4;
    volatile unsigned long i6 = 17057185899316025603UL;
    unsigned long v6 = i6;
    volatile long i7 = -728259592219592215L;
    long v7 = i7;
    /* Enough operands that rustc gives a flag byte rbx's low byte. */
    __asm__("subl %k[n6], %[n1]\n\troll %5, %[n1]\n\tincq %2\n\taddq %7, %2\n\tcmpq %6, %2"
            : [n0] "+rm"(v0), [n1] "+rm"(v1), "+rm"(v2), "=@ccae"(v3), "=@ccb"(v4)
            : [n5] "I"((unsigned char)24), [n6] "r"(v6), "b"(v7)
            : "cc", "memory");
    printf("v0=%d v1=%#x v2=%#lx ae=%d b=%d\n", v0, v1, v2, v3, (int)v4);
    return 0;
}
