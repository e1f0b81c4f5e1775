/* expect: invalid 'asm': operand number missing after %-letter */
int f(int x)
{
    asm("incl %k" : "+r"(x));
    return x;
}
