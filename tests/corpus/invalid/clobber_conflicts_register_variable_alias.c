/* expect: 'asm' specifier for variable 'r' conflicts with 'asm' clobber list */
long f(long v)
{
    register long r asm("r12") = v;
    long out;
    asm("movq %1, %0" : "=r"(out) : "r"(r) : "r12");
    return out;
}
