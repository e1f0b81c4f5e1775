struct s { char c; short h; int i; long l; } g;
void f(void)
{
    asm("inc%z0 %0\n\tinc%z1 %1\n\tinc%z2 %2\n\tinc%z3 %3" : "+m"(g.c), "+m"(g.h), "+m"(g.i), "+m"(g.l));
}
