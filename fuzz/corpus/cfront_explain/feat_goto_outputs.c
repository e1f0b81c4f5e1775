/* exasm-sample: asm goto with outputs (GCC 11+): several labels, numbered %lN and named %l[x], outputs read on every edge */
#include <stdio.h>

/* classify v: jumps to neg or big, else falls through.  Outputs: r (=&r)
   and x (+r).  Operand numbers: r=0, x=1, v=2, hidden x input=3,
   labels neg=4, big=5. */
static int classify(int v, int *out_r, int *out_x)
{
    int r, x = 1000;

    asm goto ("movl %2, %0\n\t"
              "addl $1, %1\n\t"
              "testl %2, %2\n\t"
              "js %l4\n\t"
              "cmpl $100, %2\n\t"
              "jg %l[big]\n\t"
              "negl %0"
              : "=&r" (r), "+r" (x)
              : "r" (v)
              : "cc"
              : neg, big);
    *out_r = r;
    *out_x = x;
    return 0;
neg:
    *out_r = r;
    *out_x = x;
    return 1;
big:
    *out_r = r;
    *out_x = x;
    return 2;
}

/* a loop driven by asm goto: count set bits, the output carries the
   value on the jump edge */
static inline int popcount_goto(unsigned int v)
{
    int count = 0;

again:
    asm goto ("testl %1, %1\n\t"
              "jz %l[done]\n\t"
              "lea -1(%1), %%eax\n\t"
              "andl %%eax, %1\n\t"
              "incl %0"
              : "+r" (count), "+r" (v)
              :
              : "eax", "cc"
              : done);
    goto again;
done:
    return count;
}

/* "=r" output plus an input, result consumed on both edges; called in a
   loop so it is inlined several times.  (Memory outputs ("+m") in asm goto
   are left out: gcc 12.2 -Os reuses the pre-asm value of *p after such an
   asm goto, so gcc itself gives inconsistent answers.) */
static inline int dec_to_zero(int v)
{
    int r;

    asm goto ("leal -1(%1), %0\n\t"
              "testl %0, %0\n\t"
              "jz %l[zero]"
              : "=r" (r)
              : "r" (v)
              : "cc"
              : zero);
    return r;
zero:
    return r - 1000;
}

int main(void)
{
    int vals[] = { -5, 0, 7, 100, 101, 5000, -2147483647 - 1 };
    unsigned i;

    for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        int r, x;
        int k = classify(vals[i], &r, &x);
        printf("classify(%d) = %d r=%d x=%d\n", vals[i], k, r, x);
    }
    for (i = 0; i < 40; i += 7)
        printf("popcount(%u) = %d\n", i * 0x01010101u,
               popcount_goto(i * 0x01010101u));
    printf("popcount(0xffffffff) = %d\n", popcount_goto(0xffffffffu));
    {
        int m = 3;
        for (i = 0; i < 3; i++) {
            m = dec_to_zero(m);
            printf("dec_to_zero -> %d\n", m);
        }
    }
    return 0;
}
