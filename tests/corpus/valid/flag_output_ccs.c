short test_s(int a, int b)
{
    short r;
    asm("cmpl %2, %1" : "=@ccs"(r) : "r"(a), "r"(b));
    return r;
}
