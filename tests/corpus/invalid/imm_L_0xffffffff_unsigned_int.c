/* expect: impossible constraint in 'asm' */
unsigned long f(unsigned long x)
{
    asm("andq %1, %0" : "+r"(x) : "L"(0xffffffffU));
    return x;
}
