/* expect: output registers must be grouped at top of stack */
double f(void)
{
    double d;
    asm("fld1; fld1" : "=u"(d));
    return d;
}
