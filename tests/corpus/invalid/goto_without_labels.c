/* expect: expected ':' before ')' token */
int f(int x)
{
    asm goto("testl %0, %0" :: "r"(x));
    return 1;
}
