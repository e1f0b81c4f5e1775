/* expect: expected '(' before 'inline' */
asm inline("nop");
