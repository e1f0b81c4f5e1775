/* expect: matching constraint references invalid operand number */
/* expect: matching constraint references invalid operand number */
int f(int x, int y)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : [in] "r"(x), "[in]"(y));
    return r;
}
