/* expect: duplicate 'asm' operand name 'out' */
int f(int x)
{
    asm goto("testl %0, %0\n\tjs %l1\n\tjz %l2" :: "r"(x) :: out, out);
    return x;
out:
    return 0;
}
