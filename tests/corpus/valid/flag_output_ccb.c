char test_b(int a, int b)
{
    char r;
    asm("cmpl %2, %1" : "=@ccb"(r) : "r"(a), "r"(b));
    return r;
}
