int f(int x)
{
    asm goto("testl %0, %0\n\tjz %l1" :: "r"(x) :: zero);
    return 1;
zero:
    return 0;
}
