/* flags: -fgnu89-inline -fno-gnu89-inline */
inline int f(int x)
{
    __asm__("bogus %5" : "=r"(x) : "0"(x));
    return x;
}
