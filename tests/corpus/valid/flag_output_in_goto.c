int f(int a)
{
    _Bool r;
    asm goto("testl %1, %1\n\tjz %l2" : "=@ccs"(r) : "r"(a) : : zero);
    return r;
zero:
    return -1;
}
