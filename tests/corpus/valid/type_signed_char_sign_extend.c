long f(signed char c)
{
    long r;
    asm("movsbq %1, %0" : "=r"(r) : "r"(c));
    return r;
}
