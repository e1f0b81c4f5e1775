/* expect: invalid 'asm': invalid use of asm flag output */
int f(int a)
{
    int r, s;
    asm("testl %2, %2 # %0" : "=@ccz"(r), "=@ccs"(s) : "r"(a));
    return r + s;
}
