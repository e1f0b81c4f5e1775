/* expect: unknown 'asm' flag output '=@ccnn' */
int f(int a)
{
    int r;
    asm("testl %1, %1" : "=@ccnn"(r) : "r"(a));
    return r;
}
