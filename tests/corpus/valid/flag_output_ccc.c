long test_c(int a, int b)
{
    long r;
    asm("cmpl %2, %1" : "=@ccc"(r) : "r"(a), "r"(b));
    return r;
}
