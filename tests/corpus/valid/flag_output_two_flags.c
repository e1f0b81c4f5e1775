int f(unsigned a, unsigned b)
{
    _Bool carry, zero;
    asm("addl %3, %2" : "=@ccc"(carry), "=@ccz"(zero), "+r"(a) : "r"(b));
    return carry * 2 + zero;
}
