/* flags: -masm=intel */
unsigned char f(unsigned x)
{
    unsigned char r;
    asm("mov %0, %h1" : "=q"(r) : "Q"(x));
    return r;
}
