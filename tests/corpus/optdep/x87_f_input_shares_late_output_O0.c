/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: output operand 0 must use '&' constraint */
double f(double x)
{
    double r;
    asm("fld %1" : "=t"(r) : "f"(x));
    return r + x;
}
