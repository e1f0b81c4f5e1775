int f(int x)
{
    asm goto("cmpl $0, %0\n\tjl %l1\n\tje %l2" :: "r"(x) :: neg, zero);
    return 1;
neg:
    return -1;
zero:
    return 0;
}
