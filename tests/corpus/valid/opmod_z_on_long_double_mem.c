/* warn: non-integer operand used with operand code 'z' */
long double f(long double x)
{
    asm("fld%z0 %0" : "+m"(x));
    return x;
}
