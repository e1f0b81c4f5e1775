/* exasm-sample: template operands name symbols, mnemonics do not: `cmp` beside a static function `cmp` leaves the function static; `tab` named in a template while a static pointer is initialized from it leaves both as written (found building a multimedia library) */
#include <stdio.h>

extern const unsigned char tab[];
static const unsigned char *const second = tab + 1;

static inline int cmp(int a, int b)
{
    return (a > b) - (a < b);
}

static int below(int a, int b)
{
    int lt;
    __asm__ ("cmp %2, %1\n\tsetl %b0\n\tmovzbl %b0, %0" : "=&q" (lt) : "r" (a), "r" (b));
    return lt;
}

static int third(void)
{
    int r;
    __asm__ ("movzbl tab+2(%%rip), %0" : "=r" (r) : : "memory");
    return r;
}

const unsigned char tab[] = { 10, 20, 30, 40 };

int main(void)
{
    printf("below: %d %d, cmp: %d %d\n", below(3, 5), below(5, 3), cmp(3, 5), cmp(5, 3));
    printf("tab: %d %d\n", third(), *second);
    return 0;
}
