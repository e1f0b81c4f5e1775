/* expect: invalid 'asm': operand is not an offsettable memory reference, invalid operand code 'H' */
int f(int x)
{
    asm("incl %H0" : "+r"(x));
    return x;
}
