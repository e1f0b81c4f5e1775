/* expect: invalid 'asm': operand is not an integer, invalid operand code 'K' */
int f(int x)
{
    asm("incl %0 # %K0" : "+r"(x));
    return x;
}
