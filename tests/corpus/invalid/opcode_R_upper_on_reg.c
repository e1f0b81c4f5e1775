/* expect: invalid 'asm': operand is not an integer, invalid operand code 'R' */
int f(int x)
{
    asm("incl %0 # %R0" : "+r"(x));
    return x;
}
