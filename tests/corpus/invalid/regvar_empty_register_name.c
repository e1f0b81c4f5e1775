/* expect: invalid register name for 'x' */
int f(int v)
{
    register int x asm("") = v;
    asm("incl %0" : "+r"(x));
    return x;
}
