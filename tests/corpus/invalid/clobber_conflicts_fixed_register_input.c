/* expect: 'asm' operand has impossible constraints */
int f(int x)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "a"(x) : "rax");
    return r;
}
