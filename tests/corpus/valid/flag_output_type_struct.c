struct s { int v; };
struct s f(int a)
{
    struct s r;
    asm("testl %1, %1" : "=@ccz"(r) : "r"(a));
    return r;
}
