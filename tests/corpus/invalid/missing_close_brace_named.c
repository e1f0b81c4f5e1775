/* expect: missing close brace for named operand */
int f(int x)
{
    asm("incl %[bar" : [bar] "+r"(x));
    return x;
}
