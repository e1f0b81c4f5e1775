unsigned f(unsigned x)
{
    asm("andl %1, %0" : "+r"(x) : "L"(0xff));
    return x;
}
