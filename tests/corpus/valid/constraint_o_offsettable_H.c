__int128 big;
long high(void)
{
    long r;
    asm("movq %H1, %0" : "=r"(r) : "o"(big));
    return r;
}
