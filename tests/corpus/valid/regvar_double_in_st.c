double f(double v)
{
    register double x asm("st") = v;
    asm("fchs" : "+t"(x));
    return x;
}
