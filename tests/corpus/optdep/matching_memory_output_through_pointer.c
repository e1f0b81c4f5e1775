/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: inconsistent operand constraints in an 'asm' */
/* warn: matching constraint does not allow a register */
void f(long *p)
{
    asm("" : "=m"(*p) : "0"(*p));
}
