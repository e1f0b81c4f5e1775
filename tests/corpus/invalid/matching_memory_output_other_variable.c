/* expect: inconsistent operand constraints in an 'asm' */
long f(long l)
{
    long o;
    asm("" : "=m"(o) : "0"(l));
    return o;
}
