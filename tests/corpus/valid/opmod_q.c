long f(int x)
{
    long r;
    asm("movslq %k1, %q0" : "=r"(r) : "r"(x));
    return r;
}
