int f(int x)
{
    asm goto("cmpl $0, %0\n\tjl %l[neg]" :: "r"(x) :: neg);
    return x;
neg:
    return -x;
}
