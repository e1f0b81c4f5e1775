long f(long v)
{
    register long x asm("r13") = v;
    long r;
    asm("movq %1, %0" : "=r"(r) : "rm"(x));
    return r;
}
