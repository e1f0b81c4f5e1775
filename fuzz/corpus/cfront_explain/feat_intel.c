/* exasm-sample: templates written in Intel syntax (build with -masm=intel): registers, immediates, memory, modifiers, symbols */
/* exasm-needs: intel */
#include <stdio.h>

int g_val = 1000;
long g_arr[4] = { 5, 6, 7, 8 };

static inline int scaled_index(const int *base, long idx)
{
    int r;
    asm ("mov %0, DWORD PTR [%1+%2*4]" : "=r" (r) : "r" (base), "r" (idx), "m" (*(const int (*)[8])base));
    return r;
}

int main(void)
{
    int a = 40, b = 2, r;
    long l;
    int arr[8] = { 0, 11, 22, 33, 44, 55, 66, 77 };
    int i;

    asm ("mov %0, %1\n\t"
         "add %0, %2"
         : "=&r" (r)
         : "r" (a), "r" (b));
    printf("add: %d\n", r);

    asm ("mov %0, %1\n\t"
         "imul %0, %0, 3\n\t"
         "sub %0, %2"
         : "=&r" (r)
         : "rm" (a), "i" (20));
    printf("imul/sub with immediate: %d\n", r);

    /* memory operands print as DWORD PTR [...] */
    asm ("add %0, %1" : "+r" (a) : "m" (b));
    printf("add from memory: %d\n", a);
    asm ("add %0, 5" : "+m" (b));
    printf("add to memory: %d\n", b);
    asm ("inc %0" : "+m" (g_val));
    printf("inc global: %d\n", g_val);
    asm ("mov %0, %1" : "=r" (l) : "m" (g_arr[2]));
    printf("global array element: %ld\n", l);

    /* modifiers: k and q pick the register width, b the low byte */
    {
        long wide = -1;
        unsigned char lo;
        asm ("mov %k0, %k1" : "+r" (wide) : "r" (0x12345678));
        printf("k (32-bit write zero-extends): %#lx\n", wide);
        asm ("movsx %q0, %k1" : "=r" (wide) : "r" (-5));
        printf("q/k movsx: %ld\n", wide);
        asm ("mov %b0, %b1" : "=r" (lo) : "r" (0x1ff));
        printf("b: %u\n", lo);
    }

    /* scaled index addressing built from operands */
    for (i = 0; i < 8; i += 3)
        printf("arr[%d] = %d\n", i, scaled_index(arr, i));

    /* symbols: OFFSET FLAT / rip-relative */
    {
        void *p;
        asm ("lea %0, %c1[rip]" : "=r" (p) : "i" (&g_val));
        printf("lea %%c1[rip] is &g_val: %d\n", p == (void *)&g_val);
        asm ("lea %0, %a1" : "=r" (p) : "i" (&g_arr[1]));
        printf("lea %%a1 is &g_arr[1]: %d\n", p == (void *)&g_arr[1]);
    }

    /* a flag output and %= labels in Intel syntax */
    {
        int c;
        asm ("cmp %1, %2" : "=@ccl" (c) : "r" (3), "r" (4));
        printf("3 < 4: %d\n", c);
        asm ("xor %0, %0\n\t"
             "test %1, %1\n\t"
             "jz .Lz%=\n\t"
             "mov %0, 1\n"
             ".Lz%=:"
             : "=&r" (r)
             : "r" (a));
        printf("nonzero: %d\n", r);
    }
    return 0;
}
