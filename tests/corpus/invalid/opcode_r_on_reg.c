/* expect: invalid 'asm': operand is not a specific integer, invalid operand code 'r' */
int f(int x)
{
    asm("incl %0 # %r0" : "+r"(x));
    return x;
}
