/* expect: invalid register name for 'x' */
int f(int v)
{
    register int x asm("foo") = v;
    asm("incl %0" : "+r"(x));
    return x;
}
