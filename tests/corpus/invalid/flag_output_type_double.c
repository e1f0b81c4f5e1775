/* expect: invalid type for 'asm' flag output */
double f(int a)
{
    double r;
    asm("testl %1, %1" : "=@ccz"(r) : "r"(a));
    return r;
}
