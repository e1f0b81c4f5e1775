/* expect: invalid punctuation '@' in constraint */
/* expect: invalid punctuation '@' in constraint */
int f(int a)
{
    int r = 0;
    asm("testl %1, %1" : "+@ccz"(r) : "r"(a));
    return r;
}
