register long gr asm("r15");
long f(void)
{
    asm("incq %0" : "+r"(gr));
    return gr;
}
