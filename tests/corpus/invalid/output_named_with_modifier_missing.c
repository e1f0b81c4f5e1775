/* expect: missing close brace for named operand */
int f(int x)
{
    asm("incl %k[" : "+r"(x));
    return x;
}
