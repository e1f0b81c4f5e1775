/* exasm-sample: "m", "=m" and "+m" operands on local variables of several widths */
#include <stdio.h>
#include <stdint.h>

int main(void)
{
    char c = 'a';
    short s = -1234;
    int i = 100000;
    long l = -5000000000L;
    uint64_t u = 0;
    int k;

    /* read-modify-write in memory */
    asm ("incb %0" : "+m" (c));
    asm ("negw %0" : "+m" (s));
    asm ("addl $23, %0" : "+m" (i));
    asm ("shlq $1, %0" : "+m" (l));
    printf("c=%c s=%d i=%d l=%ld\n", c, s, i, l);

    /* "=m" output written with a store */
    {
        int out;
        long out64;
        asm ("movl $0x5a5a5a5a, %0" : "=m" (out));
        asm ("movq $-42, %0" : "=m" (out64));
        printf("out=%#x out64=%ld\n", out, out64);
    }

    /* "m" input loaded by the template */
    {
        int a = 40, b = 2, r;
        asm ("movl %1, %0\n\t"
             "addl %2, %0"
             : "=&r" (r)
             : "m" (a), "m" (b));
        printf("a+b=%d\n", r);
    }

    /* "+m" accumulator inside a loop */
    for (k = 1; k <= 10; k++)
        asm ("addq %1, %0" : "+m" (u) : "r" ((uint64_t)k * k));
    printf("sum of squares 1..10 = %lu\n", u);

    /* the same local as an "m" input and a "=r" output of one asm */
    {
        int v = 77;
        asm ("movl %1, %0\n\t"
             "addl %1, %0"
             : "=&r" (v)
             : "m" (v));
        printf("v doubled = %d\n", v);
    }

    /* a local double in memory, handled as raw bits */
    {
        double x = 1.5;
        asm ("btcq $63, %0" : "+m" (x));   /* flip the sign bit */
        printf("x=%g\n", x);
    }
    return 0;
}
