/* expect: inconsistent operand constraints in an 'asm' */
int f(int x)
{
    asm("# %0" : "+f"(x));
    return x;
}
