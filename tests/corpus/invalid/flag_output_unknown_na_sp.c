/* expect: unknown 'asm' flag output '=@ccna ' */
int f(int a)
{
    int r;
    asm("testl %1, %1" : "=@ccna "(r) : "r"(a));
    return r;
}
