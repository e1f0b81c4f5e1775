/* exasm-sample: register class constraints q Q R U l, the %h high-byte modifier, and local register variables r8-r15 */
#include <stdio.h>
#include <stdint.h>

int main(void)
{
    uint32_t v = 0x11223344u;
    uint32_t out;

    /* q: any register with a low byte */
    {
        unsigned char lo;
        asm ("movb %b1, %0" : "=q" (lo) : "q" (v));
        printf("q: %#x\n", lo);
    }
    /* Q: a, b, c or d, so %h works */
    {
        unsigned char hi;
        asm ("movb %h1, %0" : "=Q" (hi) : "Q" (v));
        printf("Q/h: %#x\n", hi);
        asm ("movb $0x99, %h0" : "+Q" (v));
        printf("write %%h: %#x\n", v);
    }
    /* R: legacy registers (no REX needed) */
    asm ("leal 1(%1), %0" : "=R" (out) : "R" (v));
    printf("R: %#x\n", out);
    /* U: call-clobbered registers */
    asm ("leal 2(%1), %0" : "=U" (out) : "U" (v));
    printf("U: %#x\n", out);
    /* l: index registers (any but rsp) used as the index of an address */
    {
        static const int tbl[5] = { 5, 10, 15, 20, 25 };
        int r;
        long idx;
        for (idx = 0; idx < 5; idx += 2) {
            asm ("movl (%1,%2,4), %0" : "=r" (r) : "r" (tbl), "l" (idx), "m" (tbl));
            printf("l: tbl[%ld] = %d\n", idx, r);
        }
    }
    /* explicit r8..r15 through register variables */
    {
        register long r8v asm ("r8") = 8;
        register long r11v asm ("r11") = 11;
        register long r15v asm ("r15") = 15;
        long sum;
        asm ("lea (%1,%2), %0\n\t"
             "add %3, %0"
             : "=&r" (sum)
             : "r" (r8v), "r" (r11v), "r" (r15v));
        printf("r8+r11+r15 = %ld\n", sum);
        asm ("movq $1234, %%r15" : "=r" (r15v));
        printf("r15 output: %ld\n", r15v);
    }
    return 0;
}
