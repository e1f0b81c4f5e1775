/* expect: unknown 'asm' flag output '=@ccZ' */
int f(int a)
{
    int r;
    asm("testl %1, %1" : "=@ccZ"(r) : "r"(a));
    return r;
}
