/* expect: expected ')' before '::' token */
int f(int x)
{
    asm("testl %0, %0\n\tjz %l1" :: "r"(x) :: done);
    return 1;
done:
    return 0;
}
