/* exasm-sample: matching constraints: digit "0"/"1", named "[x]", the manual's combine form with "g", tied inputs of another C type */
#include <stdio.h>

int main(void)
{
    int foo = 10, bar = 32, r;
    long lr;

    /* the manual's form: output and input share a location */
    asm ("addl %2, %0" : "=r" (foo) : "0" (foo), "g" (bar));
    printf("foo = %d\n", foo);

    /* matching a named operand */
    asm ("imull %[m], %[x]" : [x] "=r" (r) : "[x]" (6), [m] "rm" (7));
    printf("named match = %d\n", r);

    /* two outputs, each tied to its own input; %2 is the same register as
       %0, so after the first instruction it holds a+b, and d = b-(a+b) */
    {
        int a = 3, b = 4, s, d;
        asm ("addl %3, %0\n\t"
             "subl %2, %1"
             : "=r" (s), "=r" (d)
             : "0" (a), "1" (b), "r" (100));
        printf("s=%d d=%d (a=%d b=%d)\n", s, d, a, b);
    }

    /* tie from an input expression into a different variable */
    {
        int src = 21;
        asm ("shll $1, %0" : "=r" (r) : "0" (src));
        printf("src=%d r=%d\n", src, r);
    }

    /* the same variable tied and also used as a separate input */
    {
        int x = 5;
        asm ("imull %1, %0" : "=r" (x) : "r" (x), "0" (x));
        printf("x*x = %d\n", x);
    }

    /* a tied input whose C type is narrower than the output */
    {
        int narrow = -3;
        asm ("movslq %k0, %0" : "=r" (lr) : "0" ((long)narrow));
        printf("sign-extended tie: %ld\n", lr);
    }

    /* matching plus a fixed register */
    {
        unsigned long hi, lo;
        asm ("mulq %3" : "=a" (lo), "=d" (hi) : "0" (0x100000000UL), "r" (0x100000001UL));
        printf("mul: hi=%#lx lo=%#lx\n", hi, lo);
    }

    /* "+r" is equivalent to "=r" plus a tied "0" */
    {
        int p = 1, q = 1, k;
        for (k = 0; k < 5; k++) {
            asm ("addl %0, %0" : "+r" (p));
            asm ("addl %0, %0" : "=r" (q) : "0" (q));
        }
        printf("p=%d q=%d\n", p, q);
    }
    return 0;
}
