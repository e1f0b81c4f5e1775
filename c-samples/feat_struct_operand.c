/* exasm-sample: struct and union operands: 8-byte struct in "+r", 4-byte struct in "=r", 16-byte struct in "m"/"+m" with %H, union in "r" */
#include <stdio.h>
#include <stdint.h>

struct pair32 { int32_t a; int32_t b; };
struct four { uint8_t c[4]; };
struct big { int64_t lo; int64_t hi; };
union bits { double d; uint64_t u; };

static struct pair32 swap_pair(struct pair32 p)
{
    asm ("rolq $32, %0" : "+r" (p));
    return p;
}

int main(void)
{
    struct pair32 p = { 1, -2 };
    struct four f;
    struct big b = { 100, 200 };
    union bits u;
    int64_t s;

    p = swap_pair(p);
    printf("swap_pair: a=%d b=%d\n", p.a, p.b);

    asm ("movl $0x04030201, %0" : "=r" (f));
    printf("four: %u %u %u %u\n", f.c[0], f.c[1], f.c[2], f.c[3]);

    asm ("movq %1, %0\n\t"
         "addq %H1, %0"
         : "=r" (s)
         : "m" (b));
    printf("big lo+hi = %ld\n", s);
    asm ("negq %0\n\t"
         "notq %H0"
         : "+m" (b));
    printf("big after neg/not: lo=%ld hi=%ld\n", b.lo, b.hi);

    u.d = 1.0;
    asm ("shrq $52, %0" : "+r" (u));
    printf("exponent field of 1.0: %#lx\n", u.u);
    return 0;
}
