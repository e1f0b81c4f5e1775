unsigned test_be(int a, int b)
{
    unsigned r;
    asm("cmpl %2, %1" : "=@ccbe"(r) : "r"(a), "r"(b));
    return r;
}
