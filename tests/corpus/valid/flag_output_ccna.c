unsigned char test_na(int a, int b)
{
    unsigned char r;
    asm("cmpl %2, %1" : "=@ccna"(r) : "r"(a), "r"(b));
    return r;
}
