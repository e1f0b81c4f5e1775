/* expect: impossible constraint in 'asm' */
long f(long x)
{
    asm("addq %1, %0" : "+r"(x) : "e"(-2147483649L));
    return x;
}
