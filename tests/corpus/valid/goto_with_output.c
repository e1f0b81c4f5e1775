int f(int x)
{
    int y;
    asm goto("movl %1, %0\n\ttestl %0, %0\n\tjz %l2" : "=r"(y) : "r"(x) :: zero);
    return y;
zero:
    return y + 100;
}
