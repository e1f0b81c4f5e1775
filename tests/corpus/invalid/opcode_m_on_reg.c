/* expect: invalid 'asm': invalid operand code 'm' */
int f(int x)
{
    asm("incl %0 # %m0" : "+r"(x));
    return x;
}
