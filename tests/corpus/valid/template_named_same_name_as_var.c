int f(int a, int b)
{
    asm("addl %[b], %[a]" : [a] "+r"(a) : [b] "r"(b));
    return a;
}
