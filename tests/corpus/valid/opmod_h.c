unsigned char f(unsigned x)
{
    unsigned char r;
    asm("movb %h1, %0" : "=q"(r) : "Q"(x));
    return r;
}
