/* expect: duplicate 'asm' qualifier 'goto' */
int f(int x)
{
    asm goto goto("jz %l0" :::: done);
    return 1;
done:
    return 0;
}
