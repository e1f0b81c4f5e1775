int f(int x)
{
    asm volatile inline goto("testl %0, %0\n\tjnz %l1" :: "r"(x) :: nz);
    return 0;
nz:
    return 1;
}
