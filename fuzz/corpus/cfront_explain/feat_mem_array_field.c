/* exasm-sample: memory operands on array elements, struct fields, "o" offsettable memory with 4+%1, and a sized *(struct{char x[N];}*)p input */
#include <stdio.h>
#include <string.h>

struct rec {
    char name[6];
    short id;
    int vals[4];
    struct { long lo; long hi; } pair;
};

static int sum_first_bytes(const char *p)
{
    int s;
    /* p is addressed through a register; the "m" input (not referenced in
       the template) tells gcc exactly which 10 bytes the asm reads. */
    asm ("movzbl (%1), %0\n\t"
         "movzbl 4(%1), %%ecx\n\t"
         "addl %%ecx, %0\n\t"
         "movzbl 9(%1), %%ecx\n\t"
         "addl %%ecx, %0"
         : "=&r" (s)
         : "r" (p), "m" (*(const struct { char x[10]; } *) p)
         : "ecx");
    return s;
}

int main(void)
{
    int arr[8];
    long grid[3][4];
    struct rec r;
    int i, j, v;

    for (i = 0; i < 8; i++)
        asm ("movl %1, %0" : "=m" (arr[i]) : "r" (i * i));
    for (i = 0; i < 8; i++)
        asm ("addl %1, %0" : "+m" (arr[i]) : "i" (1000));
    for (i = 0; i < 8; i++)
        printf("arr[%d]=%d\n", i, arr[i]);

    for (i = 0; i < 3; i++)
        for (j = 0; j < 4; j++)
            asm ("movq %1, %0" : "=m" (grid[i][j]) : "r" ((long)(10 * i + j)));
    asm ("negq %0" : "+m" (grid[2][3]));
    for (i = 0; i < 3; i++)
        printf("grid[%d] = %ld %ld %ld %ld\n", i, grid[i][0], grid[i][1],
               grid[i][2], grid[i][3]);

    memset(&r, 0, sizeof r);
    strcpy(r.name, "abcde");
    asm ("movw $513, %0" : "=m" (r.id));
    asm ("movb $'X', %0" : "=m" (r.name[2]));
    for (i = 0; i < 4; i++)
        asm ("movl %1, %0" : "=m" (r.vals[i]) : "ri" (i - 2));
    asm ("movq $-1, %0\n\t"
         "movq $7, %1"
         : "=m" (r.pair.lo), "=m" (r.pair.hi));
    printf("r.name=%s r.id=%d r.vals=%d,%d,%d,%d r.pair=%ld,%ld\n", r.name,
           r.id, r.vals[0], r.vals[1], r.vals[2], r.vals[3], r.pair.lo,
           r.pair.hi);

    /* "o": offsettable memory, the template adds a displacement */
    asm ("movl 4+%1, %0" : "=r" (v) : "o" (r.vals));
    printf("vals[1] via 4+%%1 = %d\n", v);
    asm ("movl 12+%1, %0" : "=r" (v) : "o" (arr));
    printf("arr[3] via 12+%%1 = %d\n", v);
    asm ("movq 8+%1, %q0" : "=r" (grid[0][0]) : "o" (r.pair));
    printf("pair.hi via 8+%%1 = %ld\n", grid[0][0]);

    {
        char buf[16] = "0123456789ABCDE";
        printf("bytes 0,4,9 sum = %d\n", sum_first_bytes(buf));
        printf("bytes 0,4,9 sum = %d\n", sum_first_bytes(buf + 5));
    }
    return 0;
}
