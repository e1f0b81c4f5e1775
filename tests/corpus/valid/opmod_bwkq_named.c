long f(long x)
{
    asm("incb %b[v]\n\tincw %w[v]\n\tincl %k[v]\n\tincq %q[v]" : [v] "+r"(x));
    return x;
}
