/* An asm body of realistic size (a 32-step mixing round, tens of instructions) in a hot loop:
   the call overhead should vanish next to the body (bench/bench.py). */
#include <stdio.h>
#include <stdlib.h>

#define N 5000000UL

#define STEP(k) "xorq %1, %0\n\trolq $" #k ", %0\n\taddq %2, %0\n\timulq $0x5bd1e995, %0, %0\n\t"
#define ROUND STEP(5) STEP(7) STEP(11) STEP(13) STEP(17) STEP(19) STEP(23) STEP(29)

static inline unsigned long round32(unsigned long h, unsigned long x, unsigned long y)
{
    __asm__ (ROUND ROUND ROUND ROUND : "+r" (h) : "r" (x), "r" (y) : "cc");
    return h;
}

int main(int argc, char **argv)
{
    unsigned long h = argc > 1 ? strtoul(argv[1], 0, 0) : 12345;
    for (unsigned long i = 0; i < N; i++)
        h = round32(h, i, i >> 3);
    printf("%lx\n", h);
    return 0;
}
