_Bool test_nb(int a, int b)
{
    _Bool r;
    asm("cmpl %2, %1" : "=@ccnb"(r) : "r"(a), "r"(b));
    return r;
}
