/* expect: invalid 'asm': invalid operand code 'o' */
int f(int x)
{
    asm("incl %0 # %o0" : "+r"(x));
    return x;
}
