unsigned long test_g(int a, int b)
{
    unsigned long r;
    asm("cmpl %2, %1" : "=@ccg"(r) : "r"(a), "r"(b));
    return r;
}
