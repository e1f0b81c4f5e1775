/* expect: invalid 'asm': invalid operand code 'j' */
int f(int x)
{
    asm("incl %0 # %j0" : "+r"(x));
    return x;
}
