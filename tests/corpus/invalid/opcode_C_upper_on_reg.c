/* expect: invalid 'asm': operand is not a condition code, invalid operand code 'C' */
int f(int x)
{
    asm("incl %0 # %C0" : "+r"(x));
    return x;
}
