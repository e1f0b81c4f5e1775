unsigned char test_nl(int a, int b)
{
    unsigned char r;
    asm("cmpl %2, %1" : "=@ccnl"(r) : "r"(a), "r"(b));
    return r;
}
