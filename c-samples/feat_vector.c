/* exasm-sample: GCC vector types (vector_size 16) in "x" operands: paddd, pshufd with an "i" immediate, psubd from memory, addps/mulps */
/* exasm-needs: vector */
#include <stdio.h>

typedef int v4si __attribute__((vector_size(16)));
typedef float v4sf __attribute__((vector_size(16)));
typedef unsigned char v16qi __attribute__((vector_size(16)));

static v4si add4(v4si a, v4si b)
{
    asm ("paddd %1, %0" : "+x" (a) : "xm" (b));
    return a;
}

static inline v4si shuffle_rev(v4si a)
{
    v4si r;
    asm ("pshufd %2, %1, %0" : "=x" (r) : "xm" (a), "i" (0x1b));
    return r;
}

int main(void)
{
    v4si a = { 1, 2, 3, 4 };
    v4si b = { 10, 20, 30, 40 };
    v4si c = add4(a, b);
    v4si d = shuffle_rev(c);
    v4sf f = { 0.5f, 1.5f, -2.0f, 100.0f };
    v4sf g = { 0.25f, 0.25f, 0.25f, 0.25f };
    int i;

    printf("add4 = %d %d %d %d\n", c[0], c[1], c[2], c[3]);
    printf("reverse = %d %d %d %d\n", d[0], d[1], d[2], d[3]);
    for (i = 0; i < 3; i++)
        c = add4(c, shuffle_rev(c));
    printf("loop = %d %d %d %d\n", c[0], c[1], c[2], c[3]);

    asm ("addps %1, %0\n\t"
         "mulps %1, %0"
         : "+x" (f)
         : "x" (g));
    printf("addps/mulps = %g %g %g %g\n", f[0], f[1], f[2], f[3]);

    {
        v16qi bytes;
        int k;
        asm ("pcmpeqb %0, %0\n\t"   /* all ones */
             "psrlw $12, %0"        /* each 16-bit lane = 0x000f */
             : "=x" (bytes));
        for (k = 0; k < 16; k++)
            printf("%u%c", bytes[k], k == 15 ? '\n' : ' ');
    }

    /* a vector in memory */
    {
        v4si m = { -1, -2, -3, -4 };
        v4si r;
        asm ("movdqu %1, %0\n\t"
             "psubd %1, %0\n\t"
             "psubd %1, %0"
             : "=&x" (r)
             : "m" (m));
        printf("m - m - m = %d %d %d %d\n", r[0], r[1], r[2], r[3]);
    }
    return 0;
}
