unsigned long test_nae(int a, int b)
{
    unsigned long r;
    asm("cmpl %2, %1" : "=@ccnae"(r) : "r"(a), "r"(b));
    return r;
}
