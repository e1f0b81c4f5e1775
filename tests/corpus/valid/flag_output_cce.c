short test_e(int a, int b)
{
    short r;
    asm("cmpl %2, %1" : "=@cce"(r) : "r"(a), "r"(b));
    return r;
}
