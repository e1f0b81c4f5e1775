long test_p(int a, int b)
{
    long r;
    asm("cmpl %2, %1" : "=@ccp"(r) : "r"(a), "r"(b));
    return r;
}
