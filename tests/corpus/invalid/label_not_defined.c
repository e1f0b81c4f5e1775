/* expect: label 'nolab' used but not defined */
int f(int x)
{
    asm goto("testl %0, %0\n\tjz %l1" :: "r"(x) :: nolab);
    return 1;
}
