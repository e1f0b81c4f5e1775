/* expect: invalid 'asm': invalid expression as operand */
int f(int a)
{
    int r, s;
    asm("testl %2, %2 # %1" : "=@ccz"(r), "=@ccs"(s) : "r"(a));
    return r + s;
}
