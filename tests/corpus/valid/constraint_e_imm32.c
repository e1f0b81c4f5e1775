long f(long x)
{
    asm("addq %1, %0" : "+r"(x) : "e"(-2147483647L - 1));
    return x;
}
