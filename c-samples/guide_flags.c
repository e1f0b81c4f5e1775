/* exasm-sample: GCC manual: flag output operands "=@ccc" after bt and "=@cco" after add */
#include <stdio.h>

static int test_bit(unsigned long base, unsigned long bit)
{
    int c;

    asm ("bt %2, %1" : "=@ccc" (c) : "r" (base), "r" (bit));
    return c;
}

static _Bool add_overflows(int a, int b, int *sum)
{
    _Bool of;

    asm ("addl %2, %0" : "=r" (*sum), "=@cco" (of) : "r" (b), "0" (a));
    return of;
}

int main(void)
{
    unsigned long base = 0xa5a5000000000081UL;
    unsigned long bit;
    int pairs[][2] = {
        { 1, 2 }, { 2147483647, 1 }, { -2147483647 - 1, -1 },
        { 1000, -2000 }, { 1073741824, 1073741824 }, { -5, 5 },
    };
    unsigned i;

    for (bit = 0; bit < 64; bit += 7)
        printf("bit %2lu of %#lx: %d\n", bit, base, test_bit(base, bit));
    printf("bit 63: %d\n", test_bit(base, 63));

    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        int sum;
        _Bool of = add_overflows(pairs[i][0], pairs[i][1], &sum);
        printf("%d + %d = %d overflow=%d\n", pairs[i][0], pairs[i][1], sum, of);
    }

    /* bt on a memory operand with an immediate-or-register bit number */
    {
        unsigned int word = 0x00f0000fu;
        int k, cf;
        for (k = 0; k < 32; k += 3) {
            asm ("btl %1, %2" : "=@ccc" (cf) : "Ir" (k), "m" (word));
            printf("word bit %2d: %d\n", k, cf);
        }
        asm ("btl %1, %2" : "=@ccc" (cf) : "Ir" (20), "m" (word));
        printf("word bit 20 (constant): %d\n", cf);
    }
    return 0;
}
