/* expect: unknown 'asm' flag output '=@cc' */
int f(int a)
{
    int r;
    asm("testl %1, %1" : "=@cc"(r) : "r"(a));
    return r;
}
