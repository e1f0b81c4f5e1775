long f(long v)
{
    register long x asm("r8") = v;
    asm("incq %0" : "+a"(x));
    return x;
}
