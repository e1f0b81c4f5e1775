/* expect: invalid 'asm': operand is not a condition code, invalid operand code 'c' */
int f(int x)
{
    asm("addl $%c0, %0" : "+r"(x));
    return x;
}
