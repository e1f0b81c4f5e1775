/* exasm-sample: bit operations on memory: lock bts/btr/btc on "+m" with "=@ccc" old-bit outputs, "Ir" bit numbers, in a static inline helper */
#include <stdio.h>

static inline int test_and_set(unsigned long *word, long bit)
{
    int old;
    asm volatile ("lock btsq %2, %1"
                  : "=@ccc" (old), "+m" (*word)
                  : "Ir" (bit)
                  : "memory");
    return old;
}

static inline int test_and_clear(unsigned int *word, int bit)
{
    _Bool old;
    asm volatile ("lock btrl %2, %1"
                  : "=@ccc" (old), "+m" (*word)
                  : "Ir" (bit)
                  : "memory");
    return old;
}

static inline void toggle(unsigned long *word, long bit)
{
    asm ("btcq %1, %0" : "+rm" (*word) : "Jr" (bit) : "cc");
}

int main(void)
{
    unsigned long w = 0;
    unsigned int v = 0xffffffffu;
    long b;
    int i;

    for (b = 0; b < 64; b += 9)
        printf("set bit %2ld: old=%d\n", b, test_and_set(&w, b));
    for (b = 0; b < 64; b += 18)
        printf("set bit %2ld again: old=%d\n", b, test_and_set(&w, b));
    printf("w=%#lx\n", w);
    printf("constant bit 63: old=%d\n", test_and_set(&w, 63));
    printf("w=%#lx\n", w);

    for (i = 0; i < 32; i += 7)
        printf("clear bit %2d: old=%d\n", i, test_and_clear(&v, i));
    printf("clear bit 0 again: old=%d\n", test_and_clear(&v, 0));
    printf("v=%#x\n", v);

    for (b = 0; b < 8; b++)
        toggle(&w, b * 2);
    toggle(&w, 40);
    printf("after toggles w=%#lx\n", w);
    return 0;
}
