/* expect: invalid 'asm': operand number out of range */
int f(int x)
{
    asm("incl %5" : "+r"(x));
    return x;
}
