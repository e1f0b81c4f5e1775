/* expect: impossible constraint in 'asm' */
long f(long x)
{
    long k = 0x80000000L;
    asm("addq %1, %0" : "+r"(x) : "e"(k));
    return x;
}
