/* exasm-sample: operand modifiers b w k q h z c n a p P H V A on registers, constants, symbols and memory (checked by behaviour) */
#include <stdio.h>
#include <stdint.h>

int g_data[4] = { 100, 200, 300, 400 };
struct two { long lo; long hi; };
struct two g_two = { 11, 22 };

static int helper(int x)
{
    return x * 3 + 1;
}

#define MOV_Z(type, in, out) \
    asm ("mov%z0 %1, %0" : "=r" (out) : "r" ((type)(in)))

int main(void)
{
    uint64_t in = 0x1122334455667788UL;
    uint64_t out;

    /* b w k q: sub-registers of the same operand */
    asm ("movzbl %b1, %k0" : "=r" (out) : "r" (in));
    printf("b: %#lx\n", out);
    asm ("movzwl %w1, %k0" : "=r" (out) : "r" (in));
    printf("w: %#lx\n", out);
    asm ("movl %k1, %k0" : "=r" (out) : "r" (in));
    printf("k: %#lx\n", out);
    {
        int small = -2;
        long widened;
        asm ("movslq %k1, %q0" : "=r" (widened) : "r" (small));
        printf("q (movslq into %%q0): %ld\n", widened);
    }

    /* h: high byte of a/b/c/d; Q forces one of those registers */
    {
        unsigned int hb;
        asm ("movzbl %h1, %k0" : "=Q" (hb) : "Q" ((uint32_t)in));
        printf("h: %#x\n", hb);
        asm ("movb %b1, %h0" : "+Q" (hb) : "Q" (0x5a));
        printf("h as destination: %#x\n", hb);
    }

    /* z: size suffix from the operand's type */
    {
        signed char c8;
        short s16;
        int i32;
        long i64;
        MOV_Z(signed char, -5, c8);
        MOV_Z(short, -300, s16);
        MOV_Z(int, -70000, i32);
        MOV_Z(long, -5000000000L, i64);
        printf("z: %d %d %d %ld\n", c8, s16, i32, i64);
    }

    /* c and n on constants */
    {
        long r;
        asm ("lea %c2(%1), %0" : "=r" (r) : "r" (50L), "i" (-8));
        printf("c: %ld\n", r);
        asm ("lea %n2(%1), %0" : "=r" (r) : "r" (50L), "i" (-8));
        printf("n: %ld\n", r);
    }

    /* a: an operand printed as an address: register, symbol, constant */
    {
        long r;
        int *p = &g_data[1];
        asm ("movl %a1, %k0" : "=r" (r) : "p" (p), "m" (g_data[1]));
        printf("a on a pointer: %ld\n", r);
        asm ("movl %a1, %k0" : "=r" (r) : "i" (&g_data[2]), "m" (g_data[2]));
        printf("a on a symbol: %ld\n", r);
        asm ("lea %a1, %0" : "=r" (p) : "p" (&g_data[3]));
        printf("a with lea: %d\n", *p);
    }

    /* p and P: raw symbol names */
    {
        int *p;
        int (*fp)(int);
        asm ("lea %p1(%%rip), %0" : "=r" (p) : "i" (&g_data[0]));
        printf("p: %d\n", *p);
        asm ("lea %P1(%%rip), %0" : "=r" (fp) : "i" (helper));
        printf("P: same function: %d, helper(4)=%d\n", fp == helper, fp(4));
    }

    /* H: memory operand + 8 */
    {
        long hi;
        struct two local = { -1, -2 };
        asm ("movq %H1, %0" : "=r" (hi) : "m" (g_two));
        printf("H on global: %ld\n", hi);
        asm ("movq %H1, %0" : "=r" (hi) : "m" (local));
        printf("H on local: %ld\n", hi);
        asm ("movq %1, %%rax\n\t"
             "movq %%rax, %H0"
             : "=m" (local)
             : "r" (123L)
             : "rax");
        printf("H as destination: %ld %ld\n", local.lo, local.hi);
    }

    /* V: bare register name, rebuilt with %% */
    {
        long r;
        asm ("mov %1, %%%V0" : "=r" (r) : "r" (99L));
        printf("V: %ld\n", r);
    }

    /* A: *reg for an indirect jump to a label inside the template */
    {
        long target;
        int r;
        asm ("lea 1f(%%rip), %0\n\t"
             "movl $7, %1\n\t"
             "jmp %A0\n\t"
             "movl $99, %1\n"
             "1:"
             : "=&r" (target), "=&r" (r));
        printf("A: %d\n", r);
    }
    return 0;
}
