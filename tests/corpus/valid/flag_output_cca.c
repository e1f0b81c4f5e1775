_Bool test_a(int a, int b)
{
    _Bool r;
    asm("cmpl %2, %1" : "=@cca"(r) : "r"(a), "r"(b));
    return r;
}
