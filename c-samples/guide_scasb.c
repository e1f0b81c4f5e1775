/* exasm-sample: GCC manual: repne scasb strlen with "=c", "+D", an "m" input on *(const char (*)[])p and "0"(-1) */
#include <stdio.h>

static unsigned long my_strlen(const char *p)
{
    unsigned long count;

    asm ("repne scasb"
         : "=c" (count), "+D" (p)
         : "m" (*(const char (*)[]) p), "0" (-1L), "a" (0)
         : "cc");
    return -2 - count;
}

int main(void)
{
    const char *words[] = { "", "a", "hello", "extended asm on x86-64",
                            "0123456789012345678901234567890123456789" };
    char buf[32];
    unsigned i;

    for (i = 0; i < sizeof words / sizeof words[0]; i++)
        printf("strlen(\"%s\") = %lu\n", words[i], my_strlen(words[i]));

    /* the "m" input tells gcc the asm reads the buffer: stores before the
       asm must not be sunk past it */
    for (i = 0; i < sizeof buf - 1; i++)
        buf[i] = 'x';
    buf[7] = 0;
    printf("buf len = %lu\n", my_strlen(buf));
    buf[7] = 'y';
    buf[20] = 0;
    printf("buf len = %lu\n", my_strlen(buf));
    return 0;
}
