/* expect: unknown 'asm' flag output '=@cccxz' */
int f(int a)
{
    int r;
    asm("testl %1, %1" : "=@cccxz"(r) : "r"(a));
    return r;
}
