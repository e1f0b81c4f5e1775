/* expect: register specified for 'v' isn't suitable for data type */
long f(void)
{
    register long v asm("st");
    asm("" : "=r"(v));
    return v;
}
