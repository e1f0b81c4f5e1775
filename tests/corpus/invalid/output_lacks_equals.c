/* expect: output operand constraint lacks '=' */
/* expect: output operand constraint lacks '=' */
int f(int x)
{
    asm("incl %0" : "r"(x));
    return x;
}
