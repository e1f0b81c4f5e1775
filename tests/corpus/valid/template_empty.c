int f(int a)
{
    asm("" : "+r"(a));
    return a;
}
