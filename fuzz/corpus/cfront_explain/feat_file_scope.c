/* exasm-sample: file-scope basic asm defining functions and data (global and local symbols) used from C and from extended asm */
#include <stdio.h>

/* A function written entirely in asm: int exasm_triple_plus(int x, int y)
   returns 3*x + y. */
asm (".pushsection .text\n"
     ".globl exasm_triple_plus\n"
     ".type exasm_triple_plus, @function\n"
     "exasm_triple_plus:\n"
     "\tleal (%rdi,%rdi,2), %eax\n"
     "\taddl %esi, %eax\n"
     "\tret\n"
     ".size exasm_triple_plus, .-exasm_triple_plus\n"
     ".popsection");

/* A 64-bit function using a callee-saved register correctly. */
__asm__ (".pushsection .text\n"
         ".globl exasm_sum_array\n"
         ".type exasm_sum_array, @function\n"
         "exasm_sum_array:\n"          /* long exasm_sum_array(const long *p, long n) */
         "\tpushq %rbx\n"
         "\txorl %eax, %eax\n"
         "\txorl %ebx, %ebx\n"
         "1:\tcmpq %rsi, %rbx\n"
         "\tjge 2f\n"
         "\taddq (%rdi,%rbx,8), %rax\n"
         "\tincq %rbx\n"
         "\tjmp 1b\n"
         "2:\tpopq %rbx\n"
         "\tret\n"
         ".size exasm_sum_array, .-exasm_sum_array\n"
         ".popsection");

/* Data defined in asm: a global table and a file-local one. */
asm (".pushsection .data\n"
     ".globl exasm_table\n"
     ".balign 4\n"
     ".type exasm_table, @object\n"
     "exasm_table: .long 2, 3, 5, 7, 11, 13\n"
     ".size exasm_table, 24\n"
     ".balign 8\n"
     "exasm_local_quad: .quad 0x0123456789abcdef\n"
     ".popsection");

/* A basic asm with just a directive. */
asm (".ident \"exasm file-scope sample\"");

int exasm_triple_plus(int x, int y);
long exasm_sum_array(const long *p, long n);
extern int exasm_table[6];

int main(void)
{
    long nums[] = { 1, 2, 3, 4, 5, 100 };
    int i;
    long q;

    for (i = -2; i <= 2; i++)
        printf("exasm_triple_plus(%d, 10) = %d\n", i, exasm_triple_plus(i, 10));
    printf("exasm_sum_array = %ld\n", exasm_sum_array(nums, 6));
    printf("exasm_sum_array(n=3) = %ld\n", exasm_sum_array(nums, 3));
    for (i = 0; i < 6; i++)
        printf("exasm_table[%d] = %d\n", i, exasm_table[i]);
    exasm_table[0] = 99;
    printf("after C store: %d\n", exasm_table[0]);

    /* an extended asm naming the file-local asm symbol */
    asm ("movq exasm_local_quad(%%rip), %0" : "=r" (q));
    printf("exasm_local_quad = %#lx\n", q);
    return 0;
}
