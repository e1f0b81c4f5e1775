__int128 f(int a)
{
    __int128 r;
    asm("testl %1, %1" : "=@ccz"(r) : "r"(a));
    return r;
}
