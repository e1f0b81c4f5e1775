/* expect: unknown 'asm' flag output '=@ccpe' */
int f(int a)
{
    int r;
    asm("testl %1, %1" : "=@ccpe"(r) : "r"(a));
    return r;
}
