/* expect: invalid 'asm': operand is not a condition code, invalid operand code 'c' */
int f(int x)
{
    asm("incl %c0" : "+m"(x));
    return x;
}
