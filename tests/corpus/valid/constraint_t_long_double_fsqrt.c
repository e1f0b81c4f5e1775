long double root(long double x)
{
    asm("fsqrt" : "+t"(x));
    return x;
}
