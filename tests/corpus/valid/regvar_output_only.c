long f(void)
{
    register long out asm("r9");
    asm("movq $7, %0" : "=r"(out));
    return out;
}
