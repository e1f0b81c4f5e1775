int f(int x)
{
    asm goto("testl %0, %0\n\tjz .Lz%=\n\tjmp %l1\n.Lz%=:" :: "r"(x) :: nz);
    return 0;
nz:
    return 1;
}
