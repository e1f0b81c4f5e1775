long f(long x)
{
    asm("addq %1, %0" : "+r"(x) : "n"(-(long)sizeof(int) * 2));
    return x;
}
