/* hot.c with the asm written by hand as the best possible outlined thunks (hand.s): values in
   and out in registers, operands allocated where they arrive, two results in rax:rdx, no memory
   round trip the asm did not ask for. The floor for any outlining. */
#include <stdio.h>
#include <stdlib.h>

#define N 50000000UL

struct two { unsigned long a, b; };
extern unsigned long hand_mix(unsigned long h, unsigned long x);
extern struct two hand_mul(unsigned long a, unsigned long b);
extern struct two hand_add_carry(unsigned long s, unsigned long v);
extern long hand_fetch_add(long v, long *p);

static long counter;

int main(int argc, char **argv)
{
    unsigned long seed = argc > 1 ? strtoul(argv[1], 0, 0) : 12345;
    unsigned long h = seed, acc = 0, sum = 0;
    int carries = 0;
    for (unsigned long i = 0; i < N; i++) {
        h = hand_mix(h, i);
        struct two m = hand_mul(h, i | 1);
        acc += m.a ^ m.b;
        struct two s = hand_add_carry(sum, h);
        sum = s.a;
        carries += (int)s.b;
        if ((i & 63) == 0)
            hand_fetch_add(1, &counter);
    }
    printf("%lx %lx %lx %d %ld\n", h, acc, sum, carries, counter);
    return 0;
}
