/* expect: invalid punctuation '@' in constraint */
/* expect: invalid punctuation '@' in constraint */
int f(int x)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "r@"(x));
    return r;
}
