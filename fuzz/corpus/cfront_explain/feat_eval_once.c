/* exasm-sample: operand expressions with side effects (i++, calls, arr[j++] lvalues, "+r" lvalues) are evaluated exactly once */
#include <stdio.h>

static int calls;

static int next_value(void)
{
    return ++calls * 10;
}

int main(void)
{
    int i = 0, j = 0, k = 0, r;
    int arr[4] = { 1, 2, 3, 4 };
    int out[4] = { 0, 0, 0, 0 };

    asm ("leal 1(%1), %0" : "=r" (r) : "r" (i++));
    printf("r=%d i=%d\n", r, i);

    asm ("leal (%1,%2), %0" : "=r" (r) : "r" (next_value()), "r" (next_value()));
    printf("r=%d calls=%d\n", r, calls);

    asm ("movl %1, %0" : "=r" (out[j++]) : "r" (77));
    printf("out={%d,%d} j=%d\n", out[0], out[1], j);

    asm ("addl $100, %0" : "+r" (arr[k++]));
    printf("arr={%d,%d} k=%d\n", arr[0], arr[1], k);

    asm ("addl %1, %0" : "+m" (arr[k++]) : "r" (next_value()));
    printf("arr={%d,%d,%d} k=%d calls=%d\n", arr[0], arr[1], arr[2], k, calls);

    /* the same expression used as a tied input is still evaluated once */
    asm ("addl $1, %0" : "=r" (r) : "0" (next_value()));
    printf("r=%d calls=%d\n", r, calls);
    return 0;
}
