/* expect: invalid 'asm': invalid operand code 'u' */
int f(int x)
{
    asm("incl %0 # %u0" : "+r"(x));
    return x;
}
