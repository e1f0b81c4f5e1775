int f(int n)
{
    int i = 0;
again:
    i++;
    asm goto("cmpl %1, %0\n\tjl %l2" :: "r"(i), "r"(n) :: again);
    return i;
}
