/* warn: output constraint '+' for operand 0 is not at the beginning */
/* warn: matching constraint does not allow a register */
int f(int a)
{
    asm("incl %0" : "r+"(a));
    return a;
}
