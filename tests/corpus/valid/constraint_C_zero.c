double zero(void)
{
    double r;
    asm("xorpd %0, %0 # %1" : "=x"(r) : "C"(0.0));
    return r;
}
