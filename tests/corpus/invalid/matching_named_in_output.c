/* expect: matching constraint not valid in output operand */
/* expect: matching constraint not valid in output operand */
int f(int x)
{
    int r;
    asm("movl %1, %0" : "=[in]"(r) : [in] "r"(x));
    return r;
}
