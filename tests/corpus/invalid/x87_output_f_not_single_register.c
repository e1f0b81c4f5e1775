/* expect: output constraint 0 must specify a single register */
double f(double x)
{
    double r;
    asm("" : "=f"(r) : "0"(x));
    return r;
}
