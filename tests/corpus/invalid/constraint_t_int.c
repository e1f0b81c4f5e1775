/* expect: inconsistent operand constraints in an 'asm' */
int f(int x)
{
    asm("# %0" : "+t"(x));
    return x;
}
