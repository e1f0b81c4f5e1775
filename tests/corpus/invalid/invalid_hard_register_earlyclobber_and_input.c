/* expect: invalid hard register usage between earlyclobber operand and input operand */
int f(int v)
{
    register int x asm("ebx");
    register int y asm("ebx") = v;
    asm("movl $1, %0" : "=&r"(x) : "r"(y));
    return x;
}
