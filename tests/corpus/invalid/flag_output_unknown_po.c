/* expect: unknown 'asm' flag output '=@ccpo' */
int f(int a)
{
    int r;
    asm("testl %1, %1" : "=@ccpo"(r) : "r"(a));
    return r;
}
