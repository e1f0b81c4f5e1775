/* exasm-sample: byte swaps: bswap on 32/64-bit "+r", rol $8 on a 16-bit operand, xchg %h/%b, in static inline helpers called in loops */
#include <stdio.h>
#include <stdint.h>

static inline uint32_t bswap32(uint32_t x)
{
    asm ("bswap %0" : "+r" (x));
    return x;
}

static inline uint64_t bswap64(uint64_t x)
{
    asm ("bswap %0" : "+r" (x));
    return x;
}

static inline uint16_t bswap16(uint16_t x)
{
    asm ("rolw $8, %0" : "+r" (x) : : "cc");
    return x;
}

static inline uint16_t bswap16_hb(uint16_t x)
{
    asm ("xchgb %b0, %h0" : "+Q" (x));
    return x;
}

int main(void)
{
    uint32_t v32 = 0x01020304u;
    uint64_t v64 = 0x0102030405060708UL;
    uint16_t v16 = 0xabcd;
    int i;

    for (i = 0; i < 4; i++) {
        printf("bswap32(%#010x) = %#010x\n", v32, bswap32(v32));
        v32 = v32 * 7 + 0x11;
    }
    for (i = 0; i < 3; i++) {
        printf("bswap64(%#018lx) = %#018lx\n", v64, bswap64(v64));
        v64 = v64 * 3 + 1;
    }
    for (i = 0; i < 3; i++) {
        printf("bswap16(%#06x) = %#06x / %#06x\n", v16, bswap16(v16),
               bswap16_hb(v16));
        v16 = (uint16_t)(v16 + 0x1111);
    }
    printf("double swap: %#x\n", bswap32(bswap32(0xcafef00du)));
    return 0;
}
