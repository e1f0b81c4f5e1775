struct s { int a; };
struct s f(long a)
{
    struct s r;
    asm("# %0" : "=r"(r) : "0"(a));
    return r;
}
