/* exasm-sample: multi-alternative constraints ("r,m" / "rm,r" / "0,0"), disparaging ? and ! modifiers, and "+r,m" value barriers */
#include <stdio.h>

static inline int add_alt(int a, int b)
{
    int r;
    asm ("addl %2, %0" : "=r,r" (r) : "0,0" (a), "r,m" (b));
    return r;
}

static inline void do_not_optimize(long *v)
{
    asm volatile ("" : "+r,m" (*v) : : "memory");
}

int main(void)
{
    int i, out, in = 1234;
    int mem_b = 300;
    int *volatile pb = &mem_b;

    for (i = 0; i < 3; i++)
        printf("add_alt(%d, 100) = %d\n", i, add_alt(i, 100));
    printf("add_alt(5, *pb) = %d\n", add_alt(5, *pb));

    /* register or memory destination, chosen per alternative */
    asm ("movl %1, %0" : "=r,m" (out) : "rm,r" (in));
    printf("movl alt: %d\n", out);

    /* ? and ! make the memory alternative less attractive */
    asm ("movl %1, %0" : "=r,?m" (out) : "ri,r" (in + 1));
    printf("? alt: %d\n", out);
    asm ("movl %1, %0" : "=r,!m" (out) : "ri,r" (in + 2));
    printf("! alt: %d\n", out);

    /* the alternative depends on whether the input folds to a constant */
    {
        long acc = 0;
        long k;
        for (k = 1; k <= 5; k++)
            asm ("addq %1, %0" : "+r,r" (acc) : "r,i" (k * k));
        printf("register or immediate alternative: %ld\n", acc);
    }

    /* benchmark-style barrier: the value must really exist */
    {
        long v = 0;
        long k;
        for (k = 0; k < 100; k++) {
            v += k;
            do_not_optimize(&v);
        }
        printf("barrier sum: %ld\n", v);
    }
    return 0;
}
