/* expect: inconsistent operand constraints in an 'asm' */
/* flags: -ffixed-esi */
long f(void)
{
    long x;
    asm("movq $1, %0" : "=S"(x));
    return x;
}
