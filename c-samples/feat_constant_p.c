/* exasm-sample: the __builtin_constant_p idiom: an "i" operand in the branch taken only for a constant, "c" otherwise (gcc folds the test to 0 for a variable at -O0) */
#include <stdio.h>

static inline unsigned rotl(unsigned a, int s)
{
    if (__builtin_constant_p(s))
        __asm__ ("roll %1, %0" : "+r" (a) : "i" (s & 31));
    else
        __asm__ ("roll %%cl, %0" : "+r" (a) : "c" (s));
    return a;
}

static inline unsigned long shr64(unsigned long a, int s)
{
    if (!__builtin_constant_p(s))
        __asm__ ("shrq %%cl, %0" : "+r" (a) : "c" (s) : "cc");
    else
        __asm__ ("shrq %1, %0" : "+r" (a) : "J" (s) : "cc");
    return a;
}

int main(int argc, char **argv)
{
    (void) argv;
    printf("rotl const %#x\n", rotl(0x80000001u, 4));
    printf("rotl var %#x\n", rotl(0x80000001u, argc + 3));
    printf("shr64 const %#lx\n", shr64(0xf000000000000000ul, 60));
    printf("shr64 var %#lx\n", shr64(0xf000000000000000ul, argc + 59));
    return 0;
}
