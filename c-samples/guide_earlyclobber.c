/* exasm-sample: GCC manual: early-clobber outputs "=&r" (output written before all inputs are read), ffs with cmov */
#include <stdio.h>

/* [Count] is written before [Input] is read a second time, so it must not
   share a register with either input. */
static int base_plus_twice(int input, int base)
{
    int count;

    asm ("mov %[Base], %[Count]\n\t"
         "add %[Input], %[Count]\n\t"
         "add %[Input], %[Count]"
         : [Count] "=&r" (count)
         : [Input] "r" (input), [Base] "r" (base));
    return count;
}

/* find-first-set in the style of the manual: bsf, then cmov -1 when the
   input was zero; result + 1 is ffs(). */
static int my_ffs(int x)
{
    int cnt;
    int tmp;

    asm ("bsfl %2, %0\n\t"
         "cmovel %1, %0"
         : "=&r" (cnt), "=r" (tmp)
         : "rm" (x), "1" (-1));
    return cnt + 1;
}

int main(void)
{
    int i;

    for (i = -2; i <= 3; i++)
        printf("base_plus_twice(%d, %d) = %d\n", i, 100 - i,
               base_plus_twice(i, 100 - i));
    /* same value for both inputs (may share a register; output may not) */
    printf("base_plus_twice(5, 5) = %d\n", base_plus_twice(5, 5));

    {
        int xs[] = { 0, 1, 2, 8, 12, -2147483647 - 1, 0x10000, 6 };
        for (i = 0; i < (int)(sizeof xs / sizeof xs[0]); i++)
            printf("ffs(%d) = %d\n", xs[i], my_ffs(xs[i]));
    }
    return 0;
}
