/* expect: invalid 'asm': operand number missing after %-letter */
int f(int x)
{
    asm("incl %0 # %k=" : "+r"(x));
    return x;
}
