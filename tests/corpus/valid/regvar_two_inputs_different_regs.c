long f(long a, long b)
{
    register long x asm("r8") = a;
    register long y asm("r9") = b;
    asm("addq %1, %0" : "+r"(x) : "r"(y));
    return x;
}
