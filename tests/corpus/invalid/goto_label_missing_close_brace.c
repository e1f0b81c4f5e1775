/* expect: missing close brace for named operand */
int f(int x)
{
    asm goto("jz %l[out" :: "r"(x) :: out);
    return 1;
out:
    return 0;
}
