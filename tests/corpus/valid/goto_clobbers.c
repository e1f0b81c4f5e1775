int f(int x)
{
    asm goto("xorl %%eax, %%eax\n\ttestl %0, %0\n\tjz %l[z]" :: "r"(x) : "rax", "cc", "memory" : z);
    return 1;
z:
    return 0;
}
