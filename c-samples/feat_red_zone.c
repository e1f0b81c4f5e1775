/* exasm-sample: leaf functions whose locals live in the red zone below rsp, used as "m"/"+m" operands (called via volatile function pointers) */
#include <stdio.h>

/* In a leaf function gcc keeps small locals below the stack pointer (the
   128-byte red zone); the asm statements below take those locals as
   memory operands, and other red-zone locals must survive the asm. */
static long leaf_sum(long a, long b, long c)
{
    volatile long keep1 = a * 3;      /* forced into memory */
    long arr[4];
    volatile long keep2 = b - 1;
    long r;
    int i;

    for (i = 0; i < 4; i++)
        arr[i] = a + i * c;
    asm ("addq %1, %0\n\t"
         "movq %2, %%rax\n\t"
         "addq %%rax, %0"
         : "+m" (arr[1])
         : "r" (b), "m" (arr[3])
         : "rax");
    asm ("movq %1, %0\n\t"
         "addq %2, %0"
         : "=&r" (r)
         : "m" (arr[0]), "m" (arr[1]));
    return r + keep1 + keep2 + arr[2];
}

static int leaf_swap(int x, int y)
{
    int pair[2];
    volatile int guard = 0x5a5a;

    pair[0] = x;
    pair[1] = y;
    asm ("movl %0, %%eax\n\t"
         "xchgl %%eax, %1\n\t"
         "movl %%eax, %0"
         : "+m" (pair[0]), "+m" (pair[1])
         :
         : "eax");
    return pair[0] * 1000 + pair[1] + (guard == 0x5a5a ? 0 : 1000000);
}

static long (*volatile p_leaf_sum)(long, long, long) = leaf_sum;
static int (*volatile p_leaf_swap)(int, int) = leaf_swap;

int main(void)
{
    long a;
    for (a = 0; a < 3; a++)
        printf("leaf_sum(%ld, 10, 100) = %ld\n", a, p_leaf_sum(a, 10, 100));
    printf("leaf_swap(1, 2) = %d\n", p_leaf_swap(1, 2));
    printf("leaf_swap(-7, 42) = %d\n", p_leaf_swap(-7, 42));
    return 0;
}
