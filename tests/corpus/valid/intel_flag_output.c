/* flags: -masm=intel */
_Bool f(int a, int b)
{
    _Bool r;
    asm("cmp %1, %2" : "=@ccl"(r) : "r"(a), "r"(b));
    return r;
}
