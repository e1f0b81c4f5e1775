/* expect: expected '(' before 'goto' */
asm goto("nop");
