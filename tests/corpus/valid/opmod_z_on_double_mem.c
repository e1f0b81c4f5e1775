/* warn: non-integer operand used with operand code 'z' */
double f(double x)
{
    asm("fld%z0 %0" : "+m"(x));
    return x;
}
