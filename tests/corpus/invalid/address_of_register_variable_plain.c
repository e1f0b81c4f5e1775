/* expect: address of register variable 'r' requested */
int f(int v)
{
    register int r = v;
    int out;
    asm("movl %1, %0" : "=r"(out) : "m"(r));
    return out;
}
