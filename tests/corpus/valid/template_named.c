int f(int a, int b)
{
    asm("addl %[src], %[dst]" : [dst] "+r"(a) : [src] "r"(b));
    return a;
}
