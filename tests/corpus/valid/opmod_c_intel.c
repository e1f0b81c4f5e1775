/* flags: -masm=intel */
struct s { long a, b, c; };
long f(struct s *p)
{
    long r;
    asm("mov %0, [%1+%c2]" : "=r"(r) : "r"(p), "i"(__builtin_offsetof(struct s, c)));
    return r;
}
