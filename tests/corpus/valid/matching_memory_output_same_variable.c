/* warn: matching constraint does not allow a register */
long f(void)
{
    long o = 1;
    asm("" : "=m"(o) : "0"(o));
    return o;
}
