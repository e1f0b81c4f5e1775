short test_nge(int a, int b)
{
    short r;
    asm("cmpl %2, %1" : "=@ccnge"(r) : "r"(a), "r"(b));
    return r;
}
