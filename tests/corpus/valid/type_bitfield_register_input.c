struct flags { unsigned a : 3, b : 5; };
unsigned f(struct flags *p)
{
    unsigned r;
    /* a bit-field operand gets the narrowest mode that holds it: %1 is a byte register here */
    asm("movzbl %1, %0" : "=r"(r) : "r"(p->b));
    return r;
}
