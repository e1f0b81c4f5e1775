double one_and_half(void)
{
    double r;
    asm("movabsq %1, %0" : "=r"(r) : "F"(1.5));
    return r;
}
