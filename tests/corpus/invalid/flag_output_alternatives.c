/* expect: alternatives not allowed in 'asm' flag output */
int f(int a)
{
    int r;
    asm("testl %1, %1" : "=@ccz,@ccz"(r) : "r,r"(a));
    return r;
}
