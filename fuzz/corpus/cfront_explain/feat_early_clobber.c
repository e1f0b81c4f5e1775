/* exasm-sample: early-clobber outputs "=&r", "+&r", "=&a" and an early-clobber output next to equal inputs */
#include <stdio.h>

/* out is written before in2 is read: without & gcc could put them in the
   same register */
static inline long mix(long in1, long in2)
{
    long out;
    asm ("mov %1, %0\n\t"
         "shl $4, %0\n\t"
         "add %2, %0\n\t"
         "sub %1, %0"
         : "=&r" (out)
         : "r" (in1), "r" (in2));
    return out;
}

/* two early-clobber outputs */
static void divmod10(unsigned long v, unsigned long *q, unsigned long *r)
{
    unsigned long qq, rr;
    asm ("xorl %%edx, %%edx\n\t"
         "movq %2, %%rax\n\t"
         "movl $10, %k1\n\t"
         "divq %q1\n\t"
         "movq %%rdx, %q1"
         : "=&a" (qq), "=&r" (rr)
         : "r" (v)
         : "rdx", "cc");
    *q = qq;
    *r = rr;
}

/* "+&r": read-write, and must not overlap the other inputs */
static inline int accumulate(int acc, int x, int y)
{
    asm ("addl %1, %0\n\t"
         "imull $2, %0\n\t"
         "addl %2, %0"
         : "+&r" (acc)
         : "r" (x), "r" (y));
    return acc;
}

int main(void)
{
    long i;
    unsigned long vals[] = { 0, 9, 10, 12345, 18446744073709551615UL };
    unsigned k;

    for (i = 0; i < 4; i++)
        printf("mix(%ld, %ld) = %ld\n", i, 100 - i, mix(i, 100 - i));
    printf("mix(3, 3) = %ld\n", mix(3, 3));
    for (k = 0; k < sizeof vals / sizeof vals[0]; k++) {
        unsigned long q, r;
        divmod10(vals[k], &q, &r);
        printf("%lu = 10*%lu + %lu\n", vals[k], q, r);
    }
    {
        int acc = 1;
        for (k = 0; k < 5; k++)
            acc = accumulate(acc, (int)k, acc);
        printf("accumulate: %d\n", acc);
    }
    return 0;
}
