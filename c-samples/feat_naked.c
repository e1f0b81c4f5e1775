/* exasm-sample: __attribute__((naked)) functions: basic asm, extended asm with only immediates and clobbers, several statements, static ones, a tail jump, called directly and through pointers */
/* exasm-needs: gnu */

/* Before any glibc header: for a compiler that is not GNU C (chibicc), glibc's <sys/cdefs.h>
   defines __attribute__ away, and a function would lose its naked attribute after it. */

/* The parameters are used by the templates, which gcc does not see. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

/* The whole body is the asm: no prologue, the template returns. */
__attribute__((naked)) long add3(long a, long b, long c) {
    __asm__("leaq (%rdi,%rsi), %rax\n\t"
            "addq %rdx, %rax\n\t"
            "ret");
}

/* static: a function of this unit only. */
__attribute__((naked)) static int sub(int a, int b) {
    __asm__ volatile("movl %%edi, %%eax\n\t"
                     "subl %%esi, %%eax\n\t"
                     "ret"
                     :
                     :
                     : "rax", "cc");
}

/* Several statements make one body, in order: a jump from one reaches a label of the next. */
__attribute__((naked)) static unsigned twice_plus_one(unsigned x) {
    __asm__("leal (%edi,%edi), %eax\n\t"
            "jmp twice_plus_one_tail");
    __asm__("ud2\n"
            "twice_plus_one_tail:\n\t"
            "incl %eax\n\t"
            "ret");
}

/* Extended asm whose operands are immediates: a constant and a function symbol. */
__attribute__((naked)) int answer(void) {
    __asm__("movl %0, %%eax\n\tret" : : "i"(42));
}

__attribute__((naked)) long add3_of_same(long a) {
    __asm__("movq %%rdi, %%rsi\n\t"
            "movq %%rdi, %%rdx\n\t"
            "jmp %P0"
            :
            : "i"(add3));
}

#include <stdio.h>

static int (*volatile through_pointer)(int, int) = sub;

int main(void) {
    printf("add3: %ld\n", add3(1, 20, 300));
    printf("sub: %d %d\n", sub(9, 4), through_pointer(-3, 7));
    printf("twice_plus_one: %u\n", twice_plus_one(20));
    printf("answer: %d\n", answer());
    printf("add3_of_same: %ld\n", add3_of_same(14));
    return 0;
}
