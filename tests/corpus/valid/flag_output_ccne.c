unsigned test_ne(int a, int b)
{
    unsigned r;
    asm("cmpl %2, %1" : "=@ccne"(r) : "r"(a), "r"(b));
    return r;
}
