/* exasm-sample: lock xadd, lock cmpxchg (with "=@ccz" success flag), xchg on "+m" operands with "memory" clobbers */
#include <stdio.h>
#include <stdint.h>

static inline int fetch_add(int *p, int v)
{
    asm volatile ("lock xaddl %0, %1"
                  : "+r" (v), "+m" (*p)
                  :
                  : "memory", "cc");
    return v;
}

static inline long cmpxchg(long *p, long old, long new_, int *ok)
{
    long prev;
    int z;

    asm volatile ("lock cmpxchgq %3, %1"
                  : "=a" (prev), "+m" (*p), "=@ccz" (z)
                  : "r" (new_), "0" (old)
                  : "memory");
    *ok = z;
    return prev;
}

static inline uint32_t xchg32(uint32_t *p, uint32_t v)
{
    asm volatile ("xchgl %0, %1" : "+r" (v), "+m" (*p) : : "memory");
    return v;
}

int main(void)
{
    int counter = 0, i, ok;
    long word = 100, prev;
    uint32_t slot = 0xaaaa;

    for (i = 1; i <= 5; i++) {
        int before = fetch_add(&counter, i);
        printf("fetch_add(%d): before=%d after=%d\n", i, before, counter);
    }

    prev = cmpxchg(&word, 100, 200, &ok);
    printf("cmpxchg(100->200): prev=%ld ok=%d word=%ld\n", prev, ok, word);
    prev = cmpxchg(&word, 100, 300, &ok);
    printf("cmpxchg(100->300): prev=%ld ok=%d word=%ld\n", prev, ok, word);
    prev = cmpxchg(&word, 200, -1, &ok);
    printf("cmpxchg(200->-1): prev=%ld ok=%d word=%ld\n", prev, ok, word);

    /* compare-and-swap loop: multiply by 3 atomically */
    for (i = 0; i < 3; i++) {
        long cur = word;
        for (;;) {
            long seen = cmpxchg(&word, cur, cur * 3, &ok);
            if (ok)
                break;
            cur = seen;
        }
    }
    printf("after 3 CAS multiplies: %ld\n", word);

    printf("xchg: old=%#x", xchg32(&slot, 0x5555));
    printf(" new=%#x\n", slot);
    return 0;
}
