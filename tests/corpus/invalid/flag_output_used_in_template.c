/* expect: invalid 'asm': invalid use of asm flag output */
int f(int a)
{
    int r;
    asm("testl %1, %1\n\tsetz %0" : "=@ccz"(r) : "r"(a));
    return r;
}
