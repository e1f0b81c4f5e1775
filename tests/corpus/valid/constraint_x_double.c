double mul(double a, double b)
{
    asm("mulsd %1, %0" : "+x"(a) : "xm"(b));
    return a;
}
