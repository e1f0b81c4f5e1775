/* expect: impossible constraint in 'asm' */
double f(double x)
{
    asm("# %1" : "+r"(x) : "C"(1.0));
    return x;
}
