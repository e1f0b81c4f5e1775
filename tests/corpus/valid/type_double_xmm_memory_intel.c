/* flags: -masm=intel */
double g;
double f(double x)
{
    asm("addsd %0, %1" : "+x"(x) : "m"(g));
    return x;
}
