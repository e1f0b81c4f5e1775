long f(long v)
{
    register long x asm("%r12") = v;
    asm("incq %0" : "+r"(x));
    return x;
}
