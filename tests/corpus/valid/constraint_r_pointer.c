int *next(int *p)
{
    int *q;
    asm("leaq 4(%1), %0" : "=r"(q) : "r"(p));
    return q;
}
