int load(int *p)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "m<"(*p));
    return r;
}
