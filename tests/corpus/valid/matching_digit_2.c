int f(int a, int b)
{
    int q, r;
    asm("addl %2, %1\n\tmovl %1, %0" : "=&r"(q), "=r"(r) : "r"(a), "1"(b));
    return q + r;
}
