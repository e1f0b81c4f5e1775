/* exasm-sample: %= unique numbers for local labels in a static inline function inlined several times, plus numeric 1:/1b labels */
#include <stdio.h>

/* count leading zero bits with a loop made of %= labels */
static inline int clz32(unsigned int v)
{
    int n;
    asm ("movl $32, %0\n\t"
         "testl %1, %1\n\t"
         "jz .Ldone%=\n\t"
         "movl $-1, %0\n"
         ".Lloop%=:\n\t"
         "incl %0\n\t"
         "shll $1, %1\n\t"
         "jnc .Lloop%=\n"
         ".Ldone%=:"
         : "=&r" (n), "+r" (v)
         :
         : "cc");
    return n;
}

/* absolute value with a numeric local label */
static inline long my_abs(long v)
{
    asm ("testq %0, %0\n\t"
         "jns 1f\n\t"
         "negq %0\n"
         "1:"
         : "+r" (v)
         :
         : "cc");
    return v;
}

/* %= used twice in the same template prints the same number */
static inline int same_number(void)
{
    int r;
    asm ("movl $%=, %0\n\t"
         "subl $%=, %0"
         : "=r" (r));
    return r;
}

int main(void)
{
    unsigned int vals[] = { 0, 1, 2, 3, 0x80000000u, 0x00ffffffu, 12345 };
    unsigned i;

    for (i = 0; i < sizeof vals / sizeof vals[0]; i++)
        printf("clz32(%#x) = %d\n", vals[i], clz32(vals[i]));
    /* several inlined copies in one function */
    printf("clz32(16)+clz32(256)+clz32(65536) = %d\n",
           clz32(16) + clz32(256) + clz32(65536));
    for (i = 0; i < 4; i++)
        printf("abs(%ld) = %ld\n", (long)i - 2, my_abs((long)i - 2));
    printf("abs(-5) + abs(6) = %ld\n", my_abs(-5) + my_abs(6));
    printf("%%= twice in one template: difference %d\n", same_number());
    return 0;
}
