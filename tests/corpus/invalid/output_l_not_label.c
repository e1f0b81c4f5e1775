/* expect: invalid 'asm': '%l' operand isn't a label */
int f(int x)
{
    asm("incl %l0" : "+r"(x));
    return x;
}
