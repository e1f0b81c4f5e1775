/* expect: a wide string is invalid in this context */
/* expect: output operand constraint lacks '=' */
int f(int x)
{
    asm("incl %0" : L"+r"(x));
    return x;
}
