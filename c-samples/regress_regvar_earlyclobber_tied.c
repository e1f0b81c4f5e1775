/* exasm-sample: an early-clobber output and its tied input, two register variables in the same register (legal: the input is tied) */
#include <stdio.h>

static long bump(long x)
{
    register long v1 asm("rax"), v2 asm("rax");
    v2 = x;
    asm("incq %0" : "=&r"(v1) : "0"(v2));
    return v1;
}

int main(void)
{
    long total = 0;
    for (long i = 0; i < 10; i++)
        total += bump(i * 3);
    printf("bump(41) = %ld\ntotal = %ld\n", bump(41), total);
    return 0;
}
