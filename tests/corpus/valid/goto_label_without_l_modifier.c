int f(int x)
{
    asm goto("testl %0, %0 # %[out]\n\tjz %l[out]" :: "r"(x) :: out);
    return 1;
out:
    return 0;
}
