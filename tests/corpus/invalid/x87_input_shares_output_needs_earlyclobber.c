/* expect: output operand 0 must use '&' constraint */
double f(double x)
{
    double r;
    asm("" : "=t"(r) : "t"(x));
    return r;
}
