double f(double v)
{
    register double x asm("xmm7") = v;
    asm("addsd %0, %0" : "+x"(x));
    return x;
}
