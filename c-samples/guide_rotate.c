/* exasm-sample: rotate left with a "ci" count operand (constant folds to $imm at -O2, %cl otherwise) in a static inline helper */
#include <stdio.h>
#include <stdint.h>

static inline uint32_t rotate_left(uint32_t x, unsigned char count)
{
    asm ("roll %1, %0" : "+r" (x) : "ci" (count) : "cc");
    return x;
}

static inline uint64_t rotate_left64(uint64_t x, unsigned char count)
{
    asm ("rolq %1, %0" : "+r" (x) : "ci" (count) : "cc");
    return x;
}

int main(void)
{
    uint32_t v = 0x12345678u;
    unsigned char n;
    volatile unsigned char vcount = 12;

    /* constant counts */
    printf("rol(%#x, 4) = %#x\n", v, rotate_left(v, 4));
    printf("rol(%#x, 8) = %#x\n", v, rotate_left(v, 8));
    printf("rol(%#x, 31) = %#x\n", v, rotate_left(v, 31));
    printf("rol(%#x, 0) = %#x\n", v, rotate_left(v, 0));
    /* variable counts */
    for (n = 0; n < 40; n += 5)
        printf("rol(%#x, %u) = %#x\n", v, n, rotate_left(v, n));
    printf("rol(%#x, vcount=%u) = %#x\n", v, vcount, rotate_left(v, vcount));

    printf("rol64(0x0123456789abcdef, 16) = %#lx\n",
           rotate_left64(0x0123456789abcdefUL, 16));
    for (n = 1; n < 70; n += 17)
        printf("rol64(1, %u) = %#lx\n", n, rotate_left64(1, n));
    return 0;
}
