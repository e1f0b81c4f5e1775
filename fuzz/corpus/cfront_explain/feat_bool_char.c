/* exasm-sample: _Bool, char, signed char, short operands: setcc into "=q"/"=qm", 8-bit inputs, sign of narrow outputs */
#include <stdio.h>

static _Bool is_less(int a, int b)
{
    _Bool r;
    asm ("cmpl %2, %1\n\t"
         "setl %0"
         : "=qm" (r)
         : "r" (a), "ri" (b)
         : "cc");
    return r;
}

static inline unsigned char carry_of_add(unsigned a, unsigned b)
{
    unsigned char c;
    asm ("addl %2, %1\n\t"
         "setc %0"
         : "=q" (c), "+r" (a)
         : "r" (b)
         : "cc");
    return c;
}

int main(void)
{
    int i;

    for (i = -2; i <= 2; i++)
        printf("is_less(%d, 0) = %d\n", i, is_less(i, 0));
    printf("carry(0xffffffff, 1) = %u\n", carry_of_add(0xffffffffu, 1));
    printf("carry(1, 2) = %u\n", carry_of_add(1, 2));

    /* _Bool input: an 8-bit register */
    {
        _Bool t = 1, f = 0;
        int r1, r2;
        asm ("movzbl %1, %0" : "=r" (r1) : "q" (t));
        asm ("movzbl %1, %0" : "=r" (r2) : "q" (f));
        printf("bool inputs: %d %d\n", r1, r2);
    }

    /* char arithmetic wraps at 8 bits, signedness shows when printed */
    {
        signed char sc = 100;
        unsigned char uc = 250;
        char c = 'A';
        asm ("addb $100, %0" : "+q" (sc));
        asm ("addb $10, %0" : "+qm" (uc));
        asm ("addb %1, %0" : "+q" (c) : "qi" ((char)2));
        printf("sc=%d uc=%u c=%c\n", sc, uc, c);
    }

    /* byte compare of two chars with a flag output */
    {
        char a = 'x', b = 'y';
        _Bool below;
        asm ("cmpb %2, %1" : "=@ccb" (below) : "q" (a), "qm" (b));
        printf("'x' below 'y': %d\n", below);
    }

    /* short: 16-bit operations, sign-extension by C after the asm */
    {
        short s = 30000;
        unsigned short us = 65535;
        int widened;
        asm ("addw $10000, %0" : "+r" (s));
        asm ("incw %0" : "+rm" (us));
        widened = s;
        printf("short wrap: %d unsigned short wrap: %u\n", widened, us);
        asm ("movswl %1, %0" : "=r" (widened) : "rm" ((short)-2));
        printf("movswl: %d\n", widened);
    }
    return 0;
}
