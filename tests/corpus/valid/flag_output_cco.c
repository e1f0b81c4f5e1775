unsigned test_o(int a, int b)
{
    unsigned r;
    asm("cmpl %2, %1" : "=@cco"(r) : "r"(a), "r"(b));
    return r;
}
