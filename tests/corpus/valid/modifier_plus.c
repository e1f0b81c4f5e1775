int f(int x)
{
    asm("notl %0" : "+r"(x));
    return x;
}
