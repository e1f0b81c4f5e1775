/* expect: lvalue required in 'asm' statement */
int f(int x)
{
    asm("incl %0" : "=r"(x + 1));
    return x;
}
