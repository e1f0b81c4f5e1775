unsigned long f(unsigned long x)
{
    asm("movl %k0, %k0 # and %1" : "+r"(x) : "L"(0xffffffffUL));
    return x;
}
