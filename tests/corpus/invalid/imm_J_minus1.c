/* expect: impossible constraint in 'asm' */
long f(long x)
{
    asm("shlq %1, %0" : "+r"(x) : "J"(-1));
    return x;
}
