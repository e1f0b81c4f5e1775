/* expect: invalid 'asm': operand is not a condition code, invalid operand code 'D' */
int f(int x)
{
    asm("incl %0 # %D0" : "+r"(x));
    return x;
}
