unsigned char f(unsigned short x)
{
    unsigned char r;
    asm("movb %h1, %b0" : "=r"(r) : "a"(x));
    return r;
}
