/* exasm-sample: template text details: macro-built and concatenated strings, C escapes, ; separators, # comments, %% and quoted .ascii data */
#include <stdio.h>

#define STR_(x) #x
#define STR(x) STR_(x)
#define SHIFT 3
#define ADD_INSN "addl"

int main(void)
{
    int r, a = 5;
    const char *s;

    /* instructions separated by ';' on one line, and a '#' comment */
    asm ("movl %1, %0; " ADD_INSN " %0, %0; # doubled here\n\t"
         "shll $" STR(SHIFT) ", %0"
         : "=&r" (r)
         : "r" (a));
    printf("r = %d\n", r);

    /* C escapes in the template: \t \n, \x2c (a comma), \154 ('l') */
    asm ("movl $0x41\x2c %0\n"
         "\tadd\154 $1, %0"
         : "=r" (r));
    printf("r = %d\n", r);

    /* a quoted string with escaped quotes and %% inside .ascii */
    asm (".pushsection .rodata\n"
         ".Lq%=: .asciz \"say \\\"hi\\\" 100%% sure\"\n"
         ".popsection\n\t"
         "leaq .Lq%=(%%rip), %0"
         : "=r" (s));
    printf("s = %s\n", s);

    /* template split across many literals and lines */
    asm ("mov"
         "l "
         "%1"
         ", "
         "%0"
         "\n\t"
         "negl %0"
         : "=r" (r)
         : "ri" (99));
    printf("r = %d\n", r);

    /* an empty string literal in the middle and operands named twice */
    asm ("" "leal (%[v],%[v],2), %[out]" ""
         : [out] "=r" (r)
         : [v] "r" (a));
    printf("r = %d\n", r);
    return 0;
}
