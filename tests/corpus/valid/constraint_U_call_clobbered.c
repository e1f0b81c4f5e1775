long f(long x)
{
    long t;
    asm("movq %1, %0\n\tshlq $2, %0" : "=U"(t) : "r"(x));
    return t;
}
