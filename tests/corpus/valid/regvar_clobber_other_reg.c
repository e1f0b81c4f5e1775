long f(long v)
{
    register long x asm("r14") = v;
    asm("incq %0\n\txorl %%r13d, %%r13d" : "+r"(x) : : "r13");
    return x;
}
