/* exasm-sample: "y" (MMX) operands: int, float, long long inputs and outputs, "+y", a tied "0", three outputs, an input on the stack, emms */
#include <stdio.h>
#include <string.h>

/* A float's bits, without the x87/MMX state mattering. */
static unsigned bits_of(float f) {
    unsigned u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static long long add_q(long long a, long long b) {
    long long r;
    __asm__("paddq %2, %0" : "=y"(r) : "0"(a), "y"(b));
    return r;
}

int main(void) {
    /* movd in and out at 32 bits: the upper half of the register is zero. */
    int i = -5, io;
    __asm__("movq %1, %0" : "=y"(io) : "y"(i));
    unsigned long long wide;
    __asm__("movq %1, %0" : "=y"(wide) : "y"(i));
    printf("int: %d, as 64 bits: %llx\n", io, wide);

    /* A float travels bit for bit. */
    float f = 1.25f, fo;
    __asm__("movq %1, %0" : "=y"(fo) : "y"(f));
    printf("float: %g %08x\n", fo, bits_of(fo));

    /* "+y", shifts, and a tied input. */
    unsigned long long q = 0x0123456789abcdefULL;
    __asm__("psrlq $8, %0" : "+y"(q));
    printf("psrlq: %llx, paddq: %lld\n", q, add_q(-40, 2));

    /* Packed bytes and words in 64-bit integers: saturating adds. */
    unsigned long long b = 0x7f80ff0001fe7f10ULL, c = 0x0101010101010101ULL, s;
    __asm__("paddusb %2, %0" : "=y"(s) : "0"(b), "y"(c));
    printf("paddusb: %016llx\n", s);

    /* Three outputs (the third through a pointer), early clobbered. */
    unsigned lo, hi;
    unsigned long long sum;
    unsigned long long v = 0x0000000500000007ULL;
    __asm__("movq %3, %0\n\t"
            "movq %3, %1\n\t"
            "psrlq $32, %1\n\t"
            "movq %3, %2\n\t"
            "paddd %1, %2"
            : "=&y"(lo), "=&y"(hi), "=&y"(sum)
            : "y"(v));
    printf("lo %u hi %u sum %llx\n", lo, hi, sum);

    /* Many register inputs: some arrive on the stack. */
    long a1 = 1, a2 = 2, a3 = 3, a4 = 4, a5 = 5, a6 = 6, total;
    unsigned m = 100;
    long long m2 = 1000;
    __asm__("addq %2, %0\n\taddq %3, %0\n\taddq %4, %0\n\taddq %5, %0\n\taddq %6, %0\n\t"
            "movd %7, %%eax\n\taddq %%rax, %0\n\tmovq %8, %%rax\n\taddq %%rax, %0"
            : "=&r"(total)
            : "0"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a6), "y"(m), "y"(m2)
            : "rax");
    printf("total %ld\n", total);

    /* The program uses no x87 code, but leaves the MMX state as it should. */
    __asm__ volatile("emms");
    return 0;
}
