/* expect: 'asm' operand has impossible constraints */
int f(void)
{
    int r;
    asm("movl $1, %0" : "=c"(r) : : "ecx");
    return r;
}
