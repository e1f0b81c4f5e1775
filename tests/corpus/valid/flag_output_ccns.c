char test_ns(int a, int b)
{
    char r;
    asm("cmpl %2, %1" : "=@ccns"(r) : "r"(a), "r"(b));
    return r;
}
