/* expect: undefined named operand 'nowhere' */
int f(int x)
{
    asm goto("jz %l[nowhere]" :: "r"(x) :: done);
    return 1;
done:
    return 0;
}
