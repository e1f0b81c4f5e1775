/* expect: expected '(' before 'volatile' */
asm volatile("nop");
