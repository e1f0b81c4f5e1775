struct flags { unsigned a : 3, b : 5; } gf;
void f(void)
{
    /* the 3-bit field is a QImode operand, so %0 is a byte register */
    asm("movb $3, %0" : "=r"(gf.a));
}
