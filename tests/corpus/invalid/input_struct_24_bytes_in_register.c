/* expect: impossible constraint in 'asm' */
struct big { long a, b, c; };
long f(struct big s)
{
    long r;
    asm("# %1" : "=r"(r) : "r"(s));
    return r;
}
