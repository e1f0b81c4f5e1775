/* expect: operand constraint contains incorrectly positioned '+' or '=' */
/* expect: operand constraint contains incorrectly positioned '+' or '=' */
int f(int x)
{
    asm("incl %0" : "=+r"(x));
    return x;
}
