/* exasm-sample: "m", "=m", "+m" operands on global and static variables, global arrays and struct fields */
#include <stdio.h>
#include <stdint.h>

int g_counter = 10;
static long s_total;
unsigned char g_bytes[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
int g_table[5] = { 10, 20, 30, 40, 50 };
struct point { int x; int y; long tag; } g_pt = { 3, 4, 0 };
static const int s_const_in = 1234;

static void bump(void)
{
    asm ("incl %0" : "+m" (g_counter));
}

int main(void)
{
    int k, r;

    for (k = 0; k < 5; k++)
        bump();
    printf("g_counter=%d\n", g_counter);

    for (k = 0; k < 5; k++)
        asm ("addq %1, %0" : "+m" (s_total) : "ri" ((long)g_table[k]));
    printf("s_total=%ld\n", s_total);

    asm ("movl %1, %0" : "=r" (r) : "m" (s_const_in));
    printf("s_const_in=%d\n", r);

    /* constant and variable indexes into global arrays */
    asm ("addb $100, %0" : "+m" (g_bytes[3]));
    for (k = 0; k < 8; k += 2)
        asm ("notb %0" : "+m" (g_bytes[k]));
    for (k = 0; k < 8; k++)
        printf("g_bytes[%d]=%u\n", k, g_bytes[k]);

    asm ("movl %1, %0" : "=m" (g_table[0]) : "r" (-1));
    for (k = 1; k < 5; k++)
        asm ("imull $3, %1, %%eax\n\t"
             "movl %%eax, %0"
             : "=m" (g_table[k])
             : "r" (g_table[k])
             : "eax");
    for (k = 0; k < 5; k++)
        printf("g_table[%d]=%d\n", k, g_table[k]);

    /* struct fields */
    asm ("movl %1, %%eax\n\t"
         "imull %%eax, %%eax\n\t"
         "movl %2, %%ecx\n\t"
         "imull %%ecx, %%ecx\n\t"
         "addl %%ecx, %%eax\n\t"
         "cltq\n\t"
         "movq %%rax, %0"
         : "=m" (g_pt.tag)
         : "m" (g_pt.x), "m" (g_pt.y)
         : "rax", "rcx");
    printf("g_pt = {%d, %d, %ld}\n", g_pt.x, g_pt.y, g_pt.tag);
    return 0;
}
