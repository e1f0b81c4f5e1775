/* expect: invalid 'asm': operand is not a condition code, invalid operand code 'f' */
int f(int x)
{
    asm("incl %0 # %f0" : "+r"(x));
    return x;
}
