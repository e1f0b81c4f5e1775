/* expect: impossible constraint in 'asm' */
int f(int x)
{
    asm("andl %1, %0" : "+r"(x) : "L"(0xfe));
    return x;
}
