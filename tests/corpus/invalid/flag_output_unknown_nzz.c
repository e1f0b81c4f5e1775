/* expect: unknown 'asm' flag output '=@ccnzz' */
int f(int a)
{
    int r;
    asm("testl %1, %1" : "=@ccnzz"(r) : "r"(a));
    return r;
}
