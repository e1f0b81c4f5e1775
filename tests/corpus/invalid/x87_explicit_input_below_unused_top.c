/* expect: explicitly used registers must be grouped at top of stack */
double f(double x)
{
    asm("" : "=&t"(x) : "u"(x));
    return x;
}
