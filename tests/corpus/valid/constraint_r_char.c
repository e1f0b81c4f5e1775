char inc(char c)
{
    asm("incb %0" : "+r"(c));
    return c;
}
