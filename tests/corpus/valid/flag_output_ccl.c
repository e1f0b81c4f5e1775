int test_l(int a, int b)
{
    int r;
    asm("cmpl %2, %1" : "=@ccl"(r) : "r"(a), "r"(b));
    return r;
}
