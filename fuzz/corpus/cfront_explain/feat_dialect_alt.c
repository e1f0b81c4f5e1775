/* exasm-sample: {att|intel} dialect alternatives so one template works with and without -masm=intel; %{ %| %} literals */
/* exasm-dialects: att intel */
#include <stdio.h>

int g_word = 7;

static inline int add3(int a, int b, int c)
{
    int r;
    asm ("{movl %1, %0|mov %0, %1}\n\t"
         "{addl %2, %0|add %0, %2}\n\t"
         "{addl %3, %0|add %0, %3}"
         : "=&r" (r)
         : "r" (a), "rm" (b), "ri" (c));
    return r;
}

int main(void)
{
    int i, r;
    long l;
    const char *s;

    for (i = 0; i < 4; i++)
        printf("add3(%d, 10, 100) = %d\n", i, add3(i, 10, 100));
    printf("add3 with constant = %d\n", add3(1, 2, 3));

    asm ("{shll $3, %0|shl %0, 3}" : "+r" (i));
    printf("shl 3: %d\n", i);

    asm ("{incl %0|inc %0}" : "+m" (g_word));
    printf("inc memory: %d\n", g_word);

    asm ("{leaq 8(%1,%2,4), %0|lea %0, [%1+%2*4+8]}"
         : "=r" (l)
         : "r" (100L), "r" (5L));
    printf("lea: %ld\n", l);

    asm ("{movq %1, %0|mov %0, %1}" : "=r" (l) : "i" (-99));
    printf("immediate: %ld\n", l);

    /* %{ %| %} print literal braces and bar in both dialects */
    asm (".pushsection .rodata\n"
         ".Ls%=: .asciz \"%{brace%|bar%}\"\n"
         ".popsection\n\t"
         "{leaq .Ls%=(%%rip), %0|lea %0, .Ls%=[rip]}"
         : "=r" (s));
    printf("literal text: %s\n", s);

    asm ("{cmpl %2, %1|cmp %1, %2}" : "=@ccg" (r) : "r" (9), "ri" (4));
    printf("9 > 4: %d\n", r);
    return 0;
}
