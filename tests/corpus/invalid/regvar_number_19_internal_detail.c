/* expect: register specified for 'v' is an internal GCC implementation detail */
long f(void)
{
    register long v asm("19");
    asm("movq $1, %0" : "=r"(v));
    return v;
}
