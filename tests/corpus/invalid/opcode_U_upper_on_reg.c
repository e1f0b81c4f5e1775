/* expect: invalid 'asm': invalid operand code 'U' */
int f(int x)
{
    asm("incl %0 # %U0" : "+r"(x));
    return x;
}
