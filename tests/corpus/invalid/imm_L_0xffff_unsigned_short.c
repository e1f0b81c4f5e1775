/* expect: impossible constraint in 'asm' */
unsigned f(unsigned x)
{
    asm("andl %1, %0" : "+r"(x) : "L"((unsigned short)0xffff));
    return x;
}
