/* expect: the register specified for 'v' is not general enough to be used as a register variable */
long f(void)
{
    register long v asm("17");
    asm("movq $1, %0" : "=r"(v));
    return v;
}
