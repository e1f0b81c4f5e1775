/* expect: 'asm' operand has impossible constraints */
int f(void)
{
    int x, y;
    asm("xorl %0, %0" : "=a"(x), "=a"(y));
    return x + y;
}
