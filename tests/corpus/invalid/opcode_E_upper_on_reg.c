/* expect: invalid 'asm': invalid constraints for operand */
int f(int x)
{
    asm("incl %0 # %E0" : "+r"(x));
    return x;
}
