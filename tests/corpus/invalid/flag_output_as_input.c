/* expect: invalid punctuation '@' in constraint */
/* expect: invalid punctuation '@' in constraint */
int f(int a)
{
    int r;
    asm("testl %1, %1" : "=r"(r) : "@ccz"(a));
    return r;
}
