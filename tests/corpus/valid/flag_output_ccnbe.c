int test_nbe(int a, int b)
{
    int r;
    asm("cmpl %2, %1" : "=@ccnbe"(r) : "r"(a), "r"(b));
    return r;
}
