/* expect: '%' constraint used with last operand */
int f(int x, int y)
{
    asm("addl %1, %0" : "+r"(x) : "%r"(y));
    return x;
}
