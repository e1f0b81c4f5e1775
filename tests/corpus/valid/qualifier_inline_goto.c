int f(int x)
{
    asm inline goto("testl %0, %0\n\tjz %l1" :: "r"(x) :: z);
    return 1;
z:
    return 0;
}
