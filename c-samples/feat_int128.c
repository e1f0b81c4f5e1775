/* exasm-sample: 128-bit values: "=A" (rdx:rax) with unsigned __int128, %H on a 16-byte memory operand, mulq into =a/=d composed in C, two 16-byte "r" pairs */
/* exasm-needs: int128 */
#include <stdio.h>
#include <stdint.h>

typedef unsigned __int128 u128;

static void print_u128(const char *label, u128 v)
{
    printf("%s = 0x%016lx:%016lx\n", label, (uint64_t)(v >> 64), (uint64_t)v);
}

static u128 mul_A(uint64_t a, uint64_t b)
{
    u128 r;
    asm ("mulq %2" : "=A" (r) : "a" (a), "rm" (b) : "cc");
    return r;
}

static inline u128 mul_ad(uint64_t a, uint64_t b)
{
    uint64_t lo, hi;
    asm ("mulq %3" : "=a" (lo), "=d" (hi) : "0" (a), "rm" (b) : "cc");
    return ((u128)hi << 64) | lo;
}

static u128 add128_mem(u128 x, u128 y)
{
    /* x and y in memory, low quadword at %N, high at %HN */
    asm ("movq %1, %%rax\n\t"
         "movq %H1, %%rdx\n\t"
         "addq %%rax, %0\n\t"
         "adcq %%rdx, %H0"
         : "+m" (x)
         : "m" (y)
         : "rax", "rdx", "cc");
    return x;
}

int main(void)
{
    uint64_t vals[] = { 0, 1, 0xffffffffffffffffUL, 0x123456789abcdefUL,
                        0x8000000000000000UL };
    unsigned i;

    for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        printf("x=%#lx\n", vals[i]);
        print_u128("  mul_A(x, x)", mul_A(vals[i], vals[i]));
        print_u128("  mul_ad(x, 0xfffffffffffffffe)",
                   mul_ad(vals[i], 0xfffffffffffffffeUL));
    }
    print_u128("add128_mem(2^64-1, 1)", add128_mem(0xffffffffffffffffUL, 1));
    print_u128("add128_mem(max, 2)", add128_mem(~(u128)0, 2));
    {
        u128 a = ((u128)0x1111111111111111UL << 64) | 0xeeeeeeeeeeeeeeeeUL;
        print_u128("add128_mem(a, a)", add128_mem(a, a));
    }

    /* an __int128 in "A" as an input: divq by a 64-bit divisor */
    {
        u128 n = ((u128)5 << 64) | 123;
        uint64_t q, r;
        asm ("divq %2" : "=a" (q), "=d" (r) : "rm" (0x100000000UL), "A" (n) : "cc");
        printf("divq: q=%#lx r=%#lx\n", q, r);
    }

    /* two __int128 values in "r" register pairs, halves read with %q (the thunk receives the
       second pair's high half before its low half) */
    {
        u128 x = ((u128)7 << 64) | 11, y = ((u128)13 << 64) | 17;
        uint64_t lo;
        asm ("movq %q1, %0\n\taddq %q2, %0" : "=&r" (lo) : "r" (x), "r" (y) : "cc");
        printf("pairs: %lu\n", lo);
    }
    return 0;
}
