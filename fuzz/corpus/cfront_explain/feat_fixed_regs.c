/* exasm-sample: fixed-register constraints a b c d S D (and A for a 64-bit value) at char/short/int/long widths */
#include <stdio.h>
#include <stdint.h>

/* The templates name the registers explicitly, so they only work if each
   operand really is in the register its constraint asks for. */

static long sum_abcdSD(long a, long b, long c, long d, long S, long D)
{
    long r;

    asm ("lea (%%rax,%%rbx), %%r8\n\t"
         "add %%rcx, %%r8\n\t"
         "add %%rdx, %%r8\n\t"
         "add %%rsi, %%r8\n\t"
         "imul $1000, %%rdi, %%rdi\n\t"
         "add %%rdi, %%r8\n\t"
         "mov %%r8, %0"
         : "=r" (r), "+D" (D)
         : "a" (a), "b" (b), "c" (c), "d" (d), "S" (S)
         : "r8", "cc");
    return r;
}

int main(void)
{
    /* outputs in fixed registers, each written by name */
    {
        long oa, ob, oc, od, oS, oD;
        asm ("mov $1, %%eax\n\t"
             "mov $2, %%ebx\n\t"
             "mov $3, %%ecx\n\t"
             "mov $4, %%edx\n\t"
             "mov $5, %%esi\n\t"
             "mov $6, %%edi"
             : "=a" (oa), "=b" (ob), "=c" (oc), "=d" (od), "=S" (oS), "=D" (oD));
        printf("outputs: a=%ld b=%ld c=%ld d=%ld S=%ld D=%ld\n",
               oa, ob, oc, od, oS, oD);
    }

    printf("sum = %ld\n", sum_abcdSD(1, 20, 300, 4000, 50000, 6));

    /* widths: the operand prints at the width of the C type */
    {
        unsigned char c8 = 0xf0;
        unsigned short s16 = 0xfff0;
        unsigned int i32 = 0xfffffff0u;
        unsigned long l64 = 0xfffffffffffffff0UL;

        asm ("addb %1, %0" : "+a" (c8) : "b" ((unsigned char)0x20));
        asm ("addw %1, %0" : "+c" (s16) : "d" ((unsigned short)0x20));
        asm ("addl %1, %0" : "+S" (i32) : "D" (0x20u));
        asm ("addq %1, %0" : "+d" (l64) : "a" (0x20UL));
        printf("widths: char=%#x short=%#x int=%#x long=%#lx\n",
               c8, s16, i32, l64);
    }

    /* a narrow output in a fixed register: the upper bits are not part of
       the value */
    {
        signed char sc;
        short ss;
        int si;
        asm ("mov $-1, %%rax\n\t"
             "movb $-3, %%al"
             : "=a" (sc));
        asm ("mov $-1, %%rbx\n\t"
             "movw $-300, %%bx"
             : "=b" (ss));
        asm ("mov $-1, %%rsi\n\t"
             "movl $-70000, %%esi"
             : "=S" (si));
        printf("narrow: sc=%d ss=%d si=%d\n", sc, ss, si);
    }

    /* "A" with a 64-bit value means rax */
    {
        uint64_t v;
        asm ("movabs $0x1122334455667788, %%rax" : "=A" (v));
        printf("A: %#lx\n", v);
    }

    /* the same value needed in two fixed registers */
    {
        long x = 21, r;
        asm ("lea (%%rcx,%%rdx), %0" : "=r" (r) : "c" (x), "d" (x));
        printf("x in rcx and rdx: %ld\n", r);
    }
    return 0;
}
