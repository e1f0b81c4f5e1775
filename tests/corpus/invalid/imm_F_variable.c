/* expect: impossible constraint in 'asm' */
double f(double x)
{
    asm("# %1" : "+r"(x) : "F"(x));
    return x;
}
