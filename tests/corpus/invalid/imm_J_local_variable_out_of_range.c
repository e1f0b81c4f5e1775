/* expect: impossible constraint in 'asm' */
unsigned long f(unsigned long x)
{
    unsigned long k = 64;
    asm("shlq %1, %0" : "+r"(x) : "J"(k));
    return x;
}
