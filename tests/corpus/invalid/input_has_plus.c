/* expect: input operand constraint contains '+' */
/* expect: input operand constraint contains '+' */
int f(int x)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "+r"(x));
    return r;
}
