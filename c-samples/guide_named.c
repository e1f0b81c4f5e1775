/* exasm-sample: GCC manual: named operands %[name] (bsfl Mask/Index, incl %[IncrementMe]) */
#include <stdio.h>
#include <stdint.h>

static uint32_t lowest_set_bit(uint32_t Mask)
{
    uint32_t Index;

    asm ("bsfl %[aMask], %[aIndex]"
         : [aIndex] "=r" (Index)
         : [aMask] "r" (Mask)
         : "cc");
    return Index;
}

int main(void)
{
    uint32_t masks[] = { 1, 2, 1234, 0x80000000u, 0xfff0u, 96 };
    unsigned i;
    int Count = 0;

    for (i = 0; i < sizeof masks / sizeof masks[0]; i++)
        printf("bsf(%u) = %u\n", masks[i], lowest_set_bit(masks[i]));

    for (i = 0; i < 5; i++)
        asm ("incl %[IncrementMe]" : [IncrementMe] "+r" (Count));
    printf("Count=%d\n", Count);

    /* Operand names are a separate namespace from C names: the same
       identifier can name an operand and a C variable, and names can be
       mixed with numbers. */
    {
        int x = 7, y = 35, result;
        asm ("mov %[x], %[result]\n\t"
             "add %2, %[result]"
             : [result] "=&r" (result)
             : [x] "r" (x), [y] "r" (y));
        printf("x=%d y=%d result=%d\n", x, y, result);
    }
    return 0;
}
