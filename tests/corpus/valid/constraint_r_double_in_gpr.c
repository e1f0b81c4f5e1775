/* a double in "r" lives in a 64-bit general register */
double neg(double x)
{
    asm("btcq $63, %0" : "+r"(x));
    return x;
}
