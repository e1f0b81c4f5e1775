/* exasm-sample: basic asm in functions (nop, literal %rax), asm volatile/inline qualifiers in any order, empty-template barriers */
#include <stdio.h>

static int g_flag;

static inline void compiler_barrier(void)
{
    asm volatile ("" : : : "memory");
}

int main(void)
{
    int i, sum = 0;
    long x = 41;

    asm ("nop");
    __asm__ ("nop\n\tnop");
    __asm ("movq %rax, %rax");             /* basic asm: a single % is literal */
    asm volatile ("nop");
    __asm__ __volatile__ ("" ::: "memory");
    asm inline ("nop");
    asm volatile inline ("nop" : : );
    asm inline volatile ("");
    __asm__ __inline__ __volatile__ ("incq %0" : "+r" (x));
    printf("x=%ld\n", x);

    /* an asm with no outputs is implicitly volatile; with a "memory"
       clobber gcc may not keep g_flag in a register across it */
    for (i = 0; i < 10; i++) {
        g_flag = i;
        compiler_barrier();
        sum += g_flag;
    }
    printf("sum=%d\n", sum);

    /* an empty template as a value barrier: gcc must assume x changed */
    {
        int v = 6, w;
        asm ("" : "+r" (v));
        w = v * 7;
        asm volatile ("" : : "r" (w));
        printf("w=%d\n", w);
    }

    /* an asm whose output is unused may be deleted; a volatile one stays.
       Both give the same visible result here. */
    {
        int unused;
        asm ("movl $1, %0" : "=r" (unused));
        asm volatile ("movl $2, %0" : "=r" (unused));
        printf("unused=%d\n", unused);
    }
    return 0;
}
