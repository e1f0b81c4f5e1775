/* exasm-sample: cpuid with "=a" "=b" "=c" "=d" outputs and "0"/"2" tied inputs in a static inline helper (prints stable facts only) */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static inline void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *a,
                         uint32_t *b, uint32_t *c, uint32_t *d)
{
    asm volatile ("cpuid"
                  : "=a" (*a), "=b" (*b), "=c" (*c), "=d" (*d)
                  : "0" (leaf), "2" (subleaf));
}

int main(void)
{
    uint32_t a, b, c, d, max_leaf, max_ext;
    char vendor[13];
    int i, printable = 1, same = 1;

    cpuid(0, 0, &a, &b, &c, &d);
    max_leaf = a;
    memcpy(vendor, &b, 4);
    memcpy(vendor + 4, &d, 4);
    memcpy(vendor + 8, &c, 4);
    vendor[12] = 0;
    for (i = 0; i < 12; i++)
        if (vendor[i] < 0x20 || vendor[i] > 0x7e)
            printable = 0;
    printf("max leaf >= 1: %d\n", max_leaf >= 1);
    printf("vendor length: %zu printable: %d\n", strlen(vendor), printable);

    cpuid(1, 0, &a, &b, &c, &d);
    printf("leaf 1: family nonzero: %d\n", ((a >> 8) & 0xf) != 0);
    printf("leaf 1: fpu=%u tsc=%u cx8=%u cmov=%u mmx=%u fxsr=%u sse=%u sse2=%u\n",
           d & 1, (d >> 4) & 1, (d >> 8) & 1, (d >> 15) & 1,
           (d >> 23) & 1, (d >> 24) & 1, (d >> 25) & 1, (d >> 26) & 1);

    cpuid(0x80000000u, 0, &a, &b, &c, &d);
    max_ext = a;
    printf("max extended leaf >= 0x80000001: %d\n", max_ext >= 0x80000001u);
    cpuid(0x80000001u, 0, &a, &b, &c, &d);
    printf("long mode: %u syscall: %u\n", (d >> 29) & 1, (d >> 11) & 1);

    /* repeated queries in a loop give the same answer */
    for (i = 0; i < 8; i++) {
        uint32_t a2, b2, c2, d2;
        cpuid(0, 0, &a2, &b2, &c2, &d2);
        if (a2 != max_leaf || memcmp(&b2, vendor, 4) != 0)
            same = 0;
    }
    printf("stable across calls: %d\n", same);
    return 0;
}
