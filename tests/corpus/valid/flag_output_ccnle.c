unsigned long test_nle(int a, int b)
{
    unsigned long r;
    asm("cmpl %2, %1" : "=@ccnle"(r) : "r"(a), "r"(b));
    return r;
}
