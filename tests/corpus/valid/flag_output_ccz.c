unsigned char test_z(int a, int b)
{
    unsigned char r;
    asm("cmpl %2, %1" : "=@ccz"(r) : "r"(a), "r"(b));
    return r;
}
