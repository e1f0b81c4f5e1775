int bump(void)
{
    static int n;
    asm("incl %0" : "+m"(n));
    return n;
}
