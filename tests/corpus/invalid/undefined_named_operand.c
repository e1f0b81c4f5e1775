/* expect: undefined named operand 'foo' */
int f(int x)
{
    asm("incl %[foo]" : [bar] "+r"(x));
    return x;
}
