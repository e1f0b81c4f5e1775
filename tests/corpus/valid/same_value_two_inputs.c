int f(int x)
{
    int r;
    asm("movl %1, %0\n\taddl %2, %0" : "=&r"(r) : "r"(x), "r"(x));
    return r;
}
