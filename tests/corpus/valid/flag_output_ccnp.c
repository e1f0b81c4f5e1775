int test_np(int a, int b)
{
    int r;
    asm("cmpl %2, %1" : "=@ccnp"(r) : "r"(a), "r"(b));
    return r;
}
