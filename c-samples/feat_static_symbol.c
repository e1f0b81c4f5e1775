/* exasm-sample: templates naming static (file-local) C variables and functions by their symbol name */
#include <stdio.h>

static int counter = 5;
static long table[4] = { 10, 20, 30, 40 };
static int helper(int x)
{
    return x * x + 1;
}

/* taking the addresses in C keeps the statics alive and named even when
   they are referenced only from asm templates */
static void *volatile keep[] = { &counter, table, (void *)helper };

int main(void)
{
    int v;
    long l;
    void *p;

    asm volatile ("movl counter(%%rip), %0" : "=r" (v) : : "memory");
    printf("counter via name = %d\n", v);

    counter = 17;
    asm volatile ("addl $3, counter(%%rip)" : : : "memory", "cc");
    printf("counter after asm add = %d\n", counter);

    asm volatile ("movq table+16(%%rip), %0" : "=r" (l) : : "memory");
    printf("table[2] via name = %ld\n", l);

    asm ("lea helper(%%rip), %0" : "=r" (p));
    printf("lea helper(%%rip) == helper: %d\n", p == (void *)helper);
    printf("call through it: %d\n", ((int (*)(int))p)(6));
    printf("keep[0] == &counter: %d\n", keep[0] == (void *)&counter);
    return 0;
}
