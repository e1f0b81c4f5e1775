struct s { long a; char b[24]; };
long f(long x)
{
    asm("addq %1, %0" : "+r"(x) : "n"(sizeof(struct s)));
    return x;
}
