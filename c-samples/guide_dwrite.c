/* exasm-sample: GCC manual: "=rm"/"rm" operands (mov %[e],%[d]) and "+r" read-write with an "rm" input */
#include <stdio.h>
#include <stdint.h>

static uint32_t add_rm(uint32_t x, uint32_t y)
{
    asm ("addl %1, %0" : "+r" (x) : "rm" (y));
    return x;
}

int main(void)
{
    uint32_t c = 1;
    uint32_t d;
    uint32_t *e = &c;
    uint32_t ys[] = { 0, 1, 41, 0xffffffffu, 0x80000000u };
    unsigned i;

    asm ("mov %[e], %[d]"
         : [d] "=rm" (d)
         : [e] "rm" (*e));
    printf("c=%u d=%u\n", c, d);

    c = 0xdeadbeefu;
    asm ("mov %[e], %[d]"
         : [d] "=rm" (d)
         : [e] "rm" (*e));
    printf("c=%#x d=%#x\n", c, d);

    for (i = 0; i < sizeof ys / sizeof ys[0]; i++)
        printf("add_rm(100, %u) = %u\n", ys[i], add_rm(100, ys[i]));

    /* "+rm" on a variable that lives in memory (its address escapes) */
    {
        uint32_t acc = 5;
        uint32_t *volatile pacc = &acc;
        int k;
        for (k = 0; k < 4; k++)
            asm ("addl %1, %0" : "+rm" (acc) : "ri" (10u));
        printf("acc=%u via pointer=%u\n", acc, *pacc);
    }
    return 0;
}
