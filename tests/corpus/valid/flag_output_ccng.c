long test_ng(int a, int b)
{
    long r;
    asm("cmpl %2, %1" : "=@ccng"(r) : "r"(a), "r"(b));
    return r;
}
