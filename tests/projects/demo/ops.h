#include <stdint.h>
uint64_t mul_hi(uint64_t a, uint64_t b);
static inline uint32_t bswap32(uint32_t x) { __asm__ ("bswap %0" : "+r" (x)); return x; }
