/* expect: impossible constraint in 'asm' */
unsigned f(unsigned x)
{
    unsigned k = 0xfe;
    asm("andl %1, %0" : "+r"(x) : "L"(k));
    return x;
}
