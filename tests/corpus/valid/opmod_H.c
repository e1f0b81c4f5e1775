struct pair { long lo, hi; };
long f(struct pair *p)
{
    long r;
    asm("movq %H1, %0" : "=r"(r) : "o"(*p));
    return r;
}
