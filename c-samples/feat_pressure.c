/* exasm-sample: register pressure: 12 "r" inputs with an early-clobber output, 10 "+g" operands with 10 "i" inputs (exactly 30 operands), and "g" operands */
#include <stdio.h>

/* operands: %0 r, %1 a8 (+r), %2..%9 a0..a7, %10..%12 a9..a11, and the
   hidden input of a8 is %13: 13 registers live at once */
static long weighted12(long a0, long a1, long a2, long a3, long a4, long a5,
                       long a6, long a7, long a8, long a9, long a10, long a11)
{
    long r;
    asm ("mov %2, %0\n\t"
         "lea (%0,%3,2), %0\n\t"
         "lea (%0,%4,4), %0\n\t"
         "lea (%0,%5,8), %0\n\t"
         "add %6, %0\n\t"
         "sub %7, %0\n\t"
         "add %8, %0\n\t"
         "sub %9, %0\n\t"
         "add %10, %0\n\t"
         "add %11, %0\n\t"
         "add %12, %0\n\t"
         "imul $3, %1, %1"
         : "=&r" (r), "+r" (a8)
         : "r" (a0), "r" (a1), "r" (a2), "r" (a3), "r" (a4), "r" (a5),
           "r" (a6), "r" (a7), "r" (a9), "r" (a10), "r" (a11)
         : "cc");
    return r * 1000 + a8;
}

int main(void)
{
    long v[12];
    int i;

    for (i = 0; i < 12; i++)
        v[i] = (i + 1) * 11;
    printf("weighted12 = %ld\n", weighted12(v[0], v[1], v[2], v[3], v[4], v[5],
                                            v[6], v[7], v[8], v[9], v[10], v[11]));

    /* ten read-write operands: 10 outputs + 10 hidden inputs = 20 operands,
       plus 10 more inputs = 30, the maximum */
    {
        int x0 = 0, x1 = 1, x2 = 2, x3 = 3, x4 = 4, x5 = 5, x6 = 6, x7 = 7,
            x8 = 8, x9 = 9;
        asm ("addl %10, %0\n\taddl %11, %1\n\taddl %12, %2\n\taddl %13, %3\n\t"
             "addl %14, %4\n\taddl %15, %5\n\taddl %16, %6\n\taddl %17, %7\n\t"
             "addl %18, %8\n\taddl %19, %9"
             : "+g" (x0), "+g" (x1), "+g" (x2), "+g" (x3), "+g" (x4),
               "+g" (x5), "+g" (x6), "+g" (x7), "+g" (x8), "+g" (x9)
             : "i" (100), "i" (200), "i" (300), "i" (400), "i" (500),
               "i" (600), "i" (700), "i" (800), "i" (900), "i" (1000));
        printf("+g x10: %d %d %d %d %d %d %d %d %d %d\n", x0, x1, x2, x3, x4,
               x5, x6, x7, x8, x9);
    }

    /* "g" inputs: register, memory or immediate, whatever gcc picks */
    {
        long acc = 0, m = 1000;
        long *pm = &m;
        int k;
        for (k = 0; k < 4; k++)
            asm ("add %1, %0\n\t"
                 "add %2, %0\n\t"
                 "add %3, %0"
                 : "+r" (acc)
                 : "g" ((long)k), "g" (*pm), "g" (7L));
        printf("g inputs: %ld\n", acc);
    }
    return 0;
}
