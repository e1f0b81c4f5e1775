/* expect: invalid 'asm': '%l' operand isn't a label */
int f(int x)
{
    asm goto("jz %l0" :: "r"(x) :: out);
    return 1;
out:
    return 0;
}
