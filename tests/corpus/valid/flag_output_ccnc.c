char test_nc(int a, int b)
{
    char r;
    asm("cmpl %2, %1" : "=@ccnc"(r) : "r"(a), "r"(b));
    return r;
}
