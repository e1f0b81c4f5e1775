unsigned test_nz(int a, int b)
{
    unsigned r;
    asm("cmpl %2, %1" : "=@ccnz"(r) : "r"(a), "r"(b));
    return r;
}
