unsigned long f(unsigned long x)
{
    asm("shlq %1, %0" : "+r"(x) : "J"(63));
    return x;
}
