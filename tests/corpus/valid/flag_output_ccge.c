_Bool test_ge(int a, int b)
{
    _Bool r;
    asm("cmpl %2, %1" : "=@ccge"(r) : "r"(a), "r"(b));
    return r;
}
