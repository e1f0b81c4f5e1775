unsigned half(unsigned u)
{
    asm("shrl $1, %0" : "+r"(u));
    return u;
}
