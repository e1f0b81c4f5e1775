/* expect: inconsistent operand constraints in an 'asm' */
int f(int a, int o)
{
    asm("" : "+r"(o) : "0"(a));
    return o;
}
