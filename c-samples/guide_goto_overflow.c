/* exasm-sample: asm goto without outputs: add + jo to a C label (named %l[overflow] and numbered %l2 forms) */
#include <stdio.h>

static int add_overflows(int a, int b)
{
    asm goto ("movl %0, %%eax\n\t"
              "addl %1, %%eax\n\t"
              "jo %l[overflow]"
              : /* no outputs */
              : "r" (a), "r" (b)
              : "eax", "cc"
              : overflow);
    return 0;
overflow:
    return 1;
}

/* carry test on a bit, label referenced by number: operands 0 and 1 are
   inputs, so the label is %l2. */
static int bit_set(unsigned int word, unsigned int bit)
{
    asm goto ("btl %1, %0\n\t"
              "jc %l2"
              :
              : "r" (word), "r" (bit)
              : "cc"
              : carry);
    return 0;
carry:
    return 1;
}

int main(void)
{
    int pairs[][2] = {
        { 1, 2 }, { 2147483647, 1 }, { -2147483647 - 1, -1 }, { -1, -1 },
        { 1073741824, 1073741823 }, { 1073741824, 1073741824 }, { 0, 0 },
    };
    unsigned i;

    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        printf("add_overflows(%d, %d) = %d\n", pairs[i][0], pairs[i][1],
               add_overflows(pairs[i][0], pairs[i][1]));
    for (i = 0; i < 32; i += 5)
        printf("bit_set(0x12345678, %u) = %d\n", i, bit_set(0x12345678u, i));
    return 0;
}
