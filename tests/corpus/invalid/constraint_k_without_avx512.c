/* expect: impossible constraint in 'asm' */
unsigned short f(unsigned short a)
{
    unsigned short r;
    asm("kmovw %k1, %0" : "=k"(r) : "r"(a));
    return r;
}
