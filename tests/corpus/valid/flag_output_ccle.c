char test_le(int a, int b)
{
    char r;
    asm("cmpl %2, %1" : "=@ccle"(r) : "r"(a), "r"(b));
    return r;
}
