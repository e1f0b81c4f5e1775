/* warn: output constraint '=' for operand 0 is not at the beginning */
int f(int a)
{
    int r;
    asm("movl %1, %0" : "&=r"(r) : "r"(a));
    return r;
}
