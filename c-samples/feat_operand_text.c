/* exasm-sample: exact operand text for fixed registers, register variables and constants, captured into .asciz strings and printed */
#include <stdio.h>

int g_sym[8];

/* Each asm assembles a string whose text is produced by operand
   substitution; only operands whose text gcc fixes regardless of
   optimisation (fixed registers, register variables, constants, symbols)
   are used. */
#define SHOW(tmpl, ...)                                        \
    do {                                                       \
        const char *s_;                                        \
        asm (".pushsection .rodata\n"                          \
             ".Lstr%=: .asciz \"" tmpl "\"\n"                   \
             ".popsection\n\t"                                  \
             "lea .Lstr%=(%%rip), %0"                           \
             : "=r" (s_) : __VA_ARGS__);                        \
        puts(s_);                                               \
    } while (0)

int main(void)
{
    SHOW("a long: %1 %b1 %w1 %k1 %q1 %h1 %V1 %z1", "a" (0L));
    SHOW("b int: %1 %b1 %w1 %k1 %q1 %h1 %z1", "b" (0));
    SHOW("c short: %1 %b1 %k1 %z1", "c" ((short)0));
    SHOW("d char: %1 %w1 %q1 %z1", "d" ((char)0));
    SHOW("S long: %1 %b1 %w1 %k1 %z1", "S" (0L));
    SHOW("D unsigned char: %1 %k1 %V1", "D" ((unsigned char)0));
    {
        register long r9 asm ("r9") = 0;
        register int r14 asm ("r14") = 0;
        SHOW("r9: %1 %b1 %w1 %k1 %q1 %V1", "r" (r9));
        SHOW("r14 int: %1 %q1 %z1", "r" (r14));
    }
    SHOW("xmm0: %1 %x1 %t1 %g1", "Yz" (1.0));
    SHOW("const: %1 %c1 %n1 %a1 %P1", "i" (42));
    SHOW("negative: %1 %c1 %n1", "n" (-7));
    SHOW("symbol: %1 %c1 %p1 %P1 %a1", "i" (&g_sym[0]));
    SHOW("two operands: %1,%2 %%literal %{ %| %}", "a" (0), "i" (5));
    SHOW("dialect: {att|intel}", "i" (0));
    return 0;
}
