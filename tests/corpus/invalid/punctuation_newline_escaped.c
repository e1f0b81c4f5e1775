/* expect: invalid punctuation '\x0a' in constraint */
/* expect: invalid punctuation '\x0a' in constraint */
int f(int x)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "r\n"(x));
    return r;
}
