int f(int a, int b)
{
    asm("addl %[b], %0\n\taddl %1, %[a]" : [a] "+r"(a) : [b] "r"(b));
    return a;
}
