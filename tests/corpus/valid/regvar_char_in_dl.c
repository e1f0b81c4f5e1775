char f(char v)
{
    register char c asm("dl") = v;
    asm("incb %0" : "+r"(c));
    return c;
}
