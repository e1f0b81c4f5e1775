/* expect: impossible constraint in 'asm' */
int f(int *p)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "<"(*p));
    return r;
}
