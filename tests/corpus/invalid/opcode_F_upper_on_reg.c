/* expect: invalid 'asm': operand is not a condition code, invalid operand code 'F' */
int f(int x)
{
    asm("incl %0 # %F0" : "+r"(x));
    return x;
}
