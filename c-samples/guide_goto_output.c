/* exasm-sample: GCC manual: asm goto with a "+r" output (GCC 11+), output value used on both the fall-through and the jump edge */
#include <stdio.h>

/* The manual's example uses dec, which does not set CF; sub does.
   gcc 12.2 miscompiles this function once it is inlined into a caller at
   -O1 and above (the jump edge returns the output instead of 0; some
   variants even ICE), so main calls it through a volatile function pointer,
   which keeps it out of line.  The stand-alone function is correct. */
static int countdown(int count)
{
    asm goto ("sub $1, %0\n\t"
              "jb %l[stop]"
              : "+r" (count)
              :
              :
              : stop);
    return count;
stop:
    return 0;
}

/* Value of the output on the jump edge (GCC 12: defined there too). */
static int sub_or_flag(unsigned int x, unsigned int y, unsigned int *out)
{
    unsigned int r;

    asm goto ("movl %1, %0\n\t"
              "subl %2, %0\n\t"
              "jb %l[borrow]"
              : "=&r" (r)
              : "r" (x), "r" (y)
              : "cc"
              : borrow);
    *out = r;
    return 0;
borrow:
    *out = r;
    return 1;
}

static int (*volatile countdown_ptr)(int) = countdown;

/* The output is also what the label block returns. */
static inline int countdown_keep(int count)
{
    asm goto ("sub $1, %0\n\t"
              "jb %l[stop]"
              : "+r" (count)
              :
              :
              : stop);
    return count;
stop:
    return count + 1000;
}

int main(void)
{
    int c;
    unsigned int i;

    for (c = -2; c <= 3; c++)
        printf("countdown(%d) = %d\n", c, countdown_ptr(c));
    for (c = -2; c <= 3; c++)
        printf("countdown_keep(%d) = %d\n", c, countdown_keep(c));
    for (i = 0; i < 6; i++) {
        unsigned int out;
        int b = sub_or_flag(3, i, &out);
        printf("3 - %u: borrow=%d out=%u\n", i, b, out);
    }
    return 0;
}
