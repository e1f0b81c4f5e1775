_Bool f(int a)
{
    _Bool r;
    asm("testl %1, %1" : "=@ccz"(r) : "r"(a) : "cc");
    return r;
}
