struct s { long a, b, c; };
long f(struct s *p)
{
    long r;
    asm("movq %c2(%1), %0" : "=r"(r) : "r"(p), "i"(__builtin_offsetof(struct s, c)));
    return r;
}
