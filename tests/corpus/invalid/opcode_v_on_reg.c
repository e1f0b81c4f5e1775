/* expect: invalid 'asm': invalid operand code 'v' */
int f(int x)
{
    asm("incl %0 # %v0" : "+r"(x));
    return x;
}
