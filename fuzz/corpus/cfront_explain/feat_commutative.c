/* exasm-sample: commutative operand pairs with "%" (e.g. "%0"/"r", "%r"/"rm"), gcc may swap them */
#include <stdio.h>

static inline int add_c(int a, int b)
{
    int r;
    asm ("addl %2, %0" : "=r" (r) : "%0" (a), "rm" (b));
    return r;
}

static inline long mul_c(long a, long b)
{
    long r;
    asm ("imulq %2, %0" : "=r" (r) : "%0" (a), "r" (b));
    return r;
}

static inline unsigned or3(unsigned a, unsigned b, unsigned c)
{
    unsigned r;
    asm ("movl %1, %0\n\t"
         "orl %2, %0\n\t"
         "orl %3, %0"
         : "=&r" (r)
         : "%r" (a), "rm" (b), "rmi" (c));
    return r;
}

int main(void)
{
    int i;
    int mem = 1000;
    int *volatile pm = &mem;

    for (i = -2; i <= 2; i++)
        printf("add_c(%d, 7) = %d, add_c(7, %d) = %d\n", i, add_c(i, 7), i,
               add_c(7, i));
    printf("add_c(mem, 5) = %d, add_c(5, mem) = %d\n", add_c(*pm, 5),
           add_c(5, *pm));
    for (i = 0; i < 4; i++)
        printf("mul_c(%d, -3) = %ld\n", i, mul_c(i, -3));
    printf("or3 = %#x\n", or3(0x1, 0x20, 0x400));
    printf("or3 = %#x\n", or3(*pm, 0x10000, 3));
    return 0;
}
