/* exasm-sample: GCC manual: copy src to dst and add 1 ("=r" output, "r" input) */
#include <stdio.h>

static int add_one(int src)
{
    int dst;

    asm ("mov %1, %0\n\t"
         "add $1, %0"
         : "=r" (dst)
         : "r" (src));
    return dst;
}

int main(void)
{
    int vals[] = { 0, 1, -1, 41, 2147483646, -2147483647 - 1, 1000000 };
    unsigned i;

    for (i = 0; i < sizeof vals / sizeof vals[0]; i++)
        printf("int src=%d dst=%d\n", vals[i], add_one(vals[i]));

    /* The same template on 64-bit and 16-bit operands: the register names
       (and so the instruction width) follow the C type. */
    {
        long src = 1234567890123L, dst;
        asm ("mov %1, %0\n\t"
             "add $1, %0"
             : "=r" (dst)
             : "r" (src));
        printf("long src=%ld dst=%ld\n", src, dst);
    }
    {
        short src = 32767, dst;
        asm ("mov %1, %0\n\t"
             "add $1, %0"
             : "=r" (dst)
             : "r" (src));
        printf("short src=%d dst=%d\n", src, dst);
    }
    return 0;
}
