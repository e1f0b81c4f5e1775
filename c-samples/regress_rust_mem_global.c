/* exasm-sample: regression (difftest seed 1, programs 6 11 47): "=m"/"+m" on globals next to register inputs; the Rust backend's thunk took its arguments in another order than the C side called it with (crash) */
#include <stdio.h>

static unsigned long g_out;
unsigned int g_word = 0x12345678u;
static unsigned short g_half;
static long g_pair[2];

int main(void)
{
    volatile unsigned long src = 0x1122334455667788UL;
    unsigned long v = src;
    volatile unsigned short s = 0xfff7;
    unsigned short h = s;
    volatile signed char c = 7;
    signed char b = c;
    unsigned char r8;

    /* A static global output in memory, an input in a register. */
    __asm__ volatile("movq %1, %0" : "=m"(g_out) : "r"(v));
    printf("g_out = %#lx\n", g_out);

    /* Read-write global memory with a register input. */
    __asm__ volatile("addl %k1, %0" : "+m"(g_word) : "r"(v));
    printf("g_word = %#x\n", g_word);

    /* Two memory outputs next to a read-write register and two unused inputs. */
    __asm__("movw %w2, %1\n\tmovq $290998647, %0"
            : "=&m"(g_pair[1]), "=&rm"(g_half), "+r"(h)
            : "rm"(b), "q"(1)
            : "cc");
    __asm__("movb %1, %0" : "=r"(r8) : "m"(g_half));
    printf("g_pair[1] = %ld, g_half = %#x, r8 = %#x\n", g_pair[1], g_half, r8);
    return 0;
}
