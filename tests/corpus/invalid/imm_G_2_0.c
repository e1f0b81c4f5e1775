/* expect: impossible constraint in 'asm' */
double f(double x)
{
    asm("# %1" : "+r"(x) : "G"(2.0));
    return x;
}
