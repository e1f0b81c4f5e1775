/* expect: invalid 'asm': operand number out of range */
int f(int x)
{
    asm goto("jz %l2" :: "r"(x) :: done);
    return 1;
done:
    return 0;
}
