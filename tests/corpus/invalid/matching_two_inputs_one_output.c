/* expect: inconsistent operand constraints in an 'asm' */
int f(int a, int b)
{
    int o;
    asm("" : "=r"(o) : "0"(a), "0"(b));
    return o;
}
