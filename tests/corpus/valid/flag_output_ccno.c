_Bool test_no(int a, int b)
{
    _Bool r;
    asm("cmpl %2, %1" : "=@ccno"(r) : "r"(a), "r"(b));
    return r;
}
