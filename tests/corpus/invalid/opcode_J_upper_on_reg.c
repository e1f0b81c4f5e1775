/* expect: invalid 'asm': invalid operand code 'J' */
int f(int x)
{
    asm("incl %0 # %J0" : "+r"(x));
    return x;
}
