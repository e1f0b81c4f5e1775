/* expect: invalid 'asm': operand is not a condition code, invalid operand code 'Y' */
int f(int x)
{
    asm("incl %0 # %Y0" : "+r"(x));
    return x;
}
