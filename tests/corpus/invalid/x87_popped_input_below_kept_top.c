/* expect: implicitly popped registers must be grouped at top of stack */
double f(double x, double y)
{
    asm("" : : "t"(x), "u"(y) : "st(1)");
    return x + y;
}
