long f(long a)
{
    asm("movl %k[v], %k[v]" : [v] "+r"(a));
    return a;
}
