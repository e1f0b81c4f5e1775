/* expect: inconsistent operand constraints in an 'asm' */
char f(char x)
{
    asm("# %0" : "+y"(x));
    return x;
}
