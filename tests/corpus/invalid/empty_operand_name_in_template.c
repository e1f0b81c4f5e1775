/* expect: undefined named operand '' */
int f(int x)
{
    asm("incl %[]" : [bar] "+r"(x));
    return x;
}
