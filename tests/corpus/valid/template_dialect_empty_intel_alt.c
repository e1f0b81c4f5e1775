/* flags: -masm=intel */
long f(long a)
{
    asm("add{q}\t%0, 1" : "+r"(a));
    return a;
}
