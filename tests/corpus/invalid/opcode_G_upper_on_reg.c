/* expect: invalid 'asm': invalid operand code 'G' */
int f(int x)
{
    asm("incl %0 # %G0" : "+r"(x));
    return x;
}
