/* expect: invalid 'asm': invalid operand code 'e' */
int f(int x)
{
    asm("incl %0 # %e0" : "+r"(x));
    return x;
}
