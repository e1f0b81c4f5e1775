enum color { RED, GREEN, BLUE };
enum color nextc(enum color c)
{
    asm("incl %0" : "+r"(c));
    return c;
}
