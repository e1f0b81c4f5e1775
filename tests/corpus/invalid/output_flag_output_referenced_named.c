/* expect: invalid 'asm': invalid use of asm flag output */
int f(int x)
{
    asm("testl %1, %1 # %[f]" : [f] "=@ccz"(x) : "r"(x));
    return x;
}
