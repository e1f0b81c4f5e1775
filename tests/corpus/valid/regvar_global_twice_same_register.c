/* warn: register of 'gb' used for multiple global register variables */
register long ga asm("r14");
register long gb asm("r14");
long f(void)
{
    asm("incq %0" : "+r"(ga));
    return ga + gb;
}
