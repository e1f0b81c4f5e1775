int f(int x)
{
    __asm__ __inline__ goto __volatile__("testl %0, %0\n\tjz %l1" :: "r"(x) :: z);
    return 1;
z:
    return 0;
}
