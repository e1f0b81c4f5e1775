/* expect: impossible constraint in 'asm' */
long f(void)
{
    int local = 0;
    long r;
    asm("leaq %a1, %0" : "=r"(r) : "i"(&local));
    return r + local;
}
