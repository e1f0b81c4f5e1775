/* expect: inconsistent operand constraints in an 'asm' */
long double f(long double x)
{
    asm("# %0" : "+x"(x));
    return x;
}
