/* exasm-sample: immediate constraints i n I J K L M N e Z with %c and %n modifiers, constant expressions and .rept counts */
#include <stdio.h>
#include <stdint.h>
#include <stddef.h>

enum { ENUM_SEVEN = 7 };
#define SCALE_LOG2 3

struct rec { long a; long b; int c; };

int main(void)
{
    long x = 0;
    uint32_t u32 = 1;
    uint64_t u64 = 1;
    int w;
    long res;
    unsigned char byte = 0;

    asm ("mov %1, %0" : "=r" (x) : "i" (123456));
    printf("i: %ld\n", x);
    asm ("add %1, %0" : "+r" (x) : "n" (-6));
    printf("n: %ld\n", x);
    asm ("add %1, %0" : "+r" (x) : "i" (ENUM_SEVEN * 2 + (int)sizeof(struct rec)));
    printf("i (constant expression): %ld\n", x);

    asm ("shll %1, %0" : "+r" (u32) : "I" (31));
    printf("I: %#x\n", u32);
    asm ("shlq %1, %0" : "+r" (u64) : "J" (63));
    printf("J: %#lx\n", u64);
    asm ("imull %2, %1, %0" : "=r" (w) : "r" (7), "K" (-128));
    printf("K: %d\n", w);
    {
        uint64_t m = 0x123456789abcdefUL;
        asm ("andq %1, %0" : "+r" (m) : "L" (0xffff));
        printf("L: %#lx\n", m);
    }
    asm ("lea (%1,%2,1<<%c3), %0"
         : "=r" (res)
         : "r" (1000L), "r" (3L), "M" (SCALE_LOG2));
    printf("M: %ld\n", res);
    asm ("movb %1, %0" : "=qm" (byte) : "N" (200));
    printf("N: %u\n", byte);
    asm ("movq %1, %0" : "=r" (res) : "e" (-2000000000));
    printf("e: %ld\n", res);
    asm ("movl %1, %k0" : "=r" (res) : "Z" (0xfffffff0UL));
    printf("Z: %ld\n", res);

    /* %c: bare constant, usable as a displacement; %n: negated */
    asm ("lea %c2(%1), %0" : "=r" (res) : "r" (1000L), "i" (40));
    printf("%%c displacement: %ld\n", res);
    asm ("lea %n2(%1), %0" : "=r" (res) : "r" (1000L), "i" (40));
    printf("%%n displacement: %ld\n", res);
    asm ("movq $%c1*%c2+1, %0" : "=r" (res) : "i" (6), "n" (7));
    printf("$%%c*%%c+1: %ld\n", res);

    /* offsetof as an "i" operand used as a displacement */
    {
        struct rec r = { 11, 22, 33 };
        long b;
        int c;
        asm ("movq %c2(%1), %0" : "=r" (b) : "r" (&r), "i" (offsetof(struct rec, b)), "m" (r));
        asm ("movl %c2(%1), %0" : "=r" (c) : "r" (&r), "i" (offsetof(struct rec, c)), "m" (r));
        printf("offsetof loads: b=%ld c=%d\n", b, c);
    }

    /* a constant as an assembler-time repeat count */
    {
        int count = 0;
        asm (".rept %c1\n\t"
             "incl %0\n\t"
             ".endr"
             : "+r" (count)
             : "n" (13));
        printf(".rept 13: %d\n", count);
    }

    /* negative, zero and large values */
    asm ("mov %1, %0" : "=r" (res) : "i" (-1));
    printf("i(-1) in a long: %ld\n", res);
    asm ("mov %1, %0" : "=r" (w) : "i" (0));
    printf("i(0): %d\n", w);
    asm ("movabs %1, %0" : "=r" (res) : "i" (0x7fffffffffffffffL));
    printf("movabs i(max): %#lx\n", res);
    return 0;
}
