int f(int x)
{
    if (x > 10)
        goto big;
    asm goto("testl %0, %0\n\tjs %l[big]" :: "r"(x) :: big);
    return x;
big:
    return 10;
}
