/* expect: 'asm' operand has impossible constraints */
int f(void)
{
    register int x asm("ecx");
    int y;
    asm("movl $1, %0\n\tmovl $2, %1" : "=r"(x), "=c"(y));
    return x + y;
}
