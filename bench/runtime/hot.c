/* Hot loops of small asm statements: the runtime cost of outlining (bench/bench.py). */
#include <stdio.h>
#include <stdlib.h>

#define N 50000000UL

static inline unsigned long mix(unsigned long h, unsigned long x)
{
    __asm__ ("xorq %1, %0\n\trolq $13, %0" : "+r" (h) : "rm" (x));
    return h;
}

static inline unsigned long mul_hi_lo(unsigned long a, unsigned long b)
{
    unsigned long lo, hi;
    __asm__ ("mulq %3" : "=a" (lo), "=d" (hi) : "0" (a), "rm" (b) : "cc");
    return lo ^ hi;
}

static inline int add_carry(unsigned long *p, unsigned long v)
{
    _Bool c;
    __asm__ ("addq %2, %0" : "+r" (*p), "=@ccc" (c) : "r" (v));
    return c;
}

static long counter;

static inline long fetch_add(long *p, long v)
{
    __asm__ volatile ("lock xaddq %0, %1" : "+r" (v), "+m" (*p) : : "memory");
    return v;
}

int main(int argc, char **argv)
{
    unsigned long seed = argc > 1 ? strtoul(argv[1], 0, 0) : 12345;
    unsigned long h = seed, acc = 0, sum = 0;
    int carries = 0;
    for (unsigned long i = 0; i < N; i++) {
        h = mix(h, i);
        acc += mul_hi_lo(h, i | 1);
        carries += add_carry(&sum, h);
        if ((i & 63) == 0)
            fetch_add(&counter, 1);
    }
    printf("%lx %lx %lx %d %ld\n", h, acc, sum, carries, counter);
    return 0;
}
