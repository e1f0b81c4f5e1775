int f(int x)
{
    asm goto volatile("testl %0, %0\n\tjz %l1" :: "r"(x) :: z);
    return 1;
z:
    return 0;
}
