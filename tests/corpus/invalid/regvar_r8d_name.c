/* expect: invalid register name for 'x' */
int f(int v)
{
    register int x asm("r8d") = v;
    asm("incl %0" : "+r"(x));
    return x;
}
