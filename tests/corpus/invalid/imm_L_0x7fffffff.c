/* expect: impossible constraint in 'asm' */
long f(long x)
{
    asm("andq %1, %0" : "+r"(x) : "L"(0x7fffffff));
    return x;
}
