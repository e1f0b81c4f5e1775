/* expect: invalid 'asm': invalid operand code 'i' */
int f(int x)
{
    asm("incl %0 # %i0" : "+r"(x));
    return x;
}
