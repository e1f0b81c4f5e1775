/* expect: invalid 'asm': invalid operand code 'I' */
int f(int x)
{
    asm("incl %0 # %I0" : "+r"(x));
    return x;
}
