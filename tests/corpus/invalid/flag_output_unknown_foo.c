/* expect: unknown 'asm' flag output '=@ccfoo' */
int f(int a)
{
    int r;
    asm("testl %1, %1" : "=@ccfoo"(r) : "r"(a));
    return r;
}
