int test_ae(int a, int b)
{
    int r;
    asm("cmpl %2, %1" : "=@ccae"(r) : "r"(a), "r"(b));
    return r;
}
