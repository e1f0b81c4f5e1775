/* expect: invalid 'asm': operand number out of range */
int f(int x)
{
    asm("incl %k9" : "+r"(x));
    return x;
}
