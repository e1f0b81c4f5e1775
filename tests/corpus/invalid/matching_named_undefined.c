/* expect: undefined named operand 'nope' */
int f(int x)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "[nope]"(x));
    return r;
}
