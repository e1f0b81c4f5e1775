/* expect: matching constraint references invalid operand number */
/* expect: matching constraint references invalid operand number */
int f(int x)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "1"(x));
    return r;
}
