/* expect: impossible constraint in 'asm' */
unsigned f(unsigned x)
{
    asm("andl %1, %0" : "+r"(x) : "L"((unsigned char)0xff));
    return x;
}
