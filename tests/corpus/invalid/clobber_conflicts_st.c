/* expect: 'asm' operand has impossible constraints */
double f(double x)
{
    asm("fsqrt" : "+t"(x) : : "st");
    return x;
}
