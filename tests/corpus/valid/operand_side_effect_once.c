int f(int *p)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "r"(*p++));
    return r + *p;
}
