/* expect: read-only variable 'c' used as 'asm' output */
int f(void)
{
    const int c = 3;
    asm("incl %0" : "+r"(c));
    return c;
}
