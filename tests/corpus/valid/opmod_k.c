long f(long x)
{
    asm("movl %k0, %k0" : "+r"(x));
    return x;
}
