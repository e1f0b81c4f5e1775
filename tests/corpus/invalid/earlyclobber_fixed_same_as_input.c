/* expect: 'asm' operand has impossible constraints */
int f(int x)
{
    int r;
    asm("movl %1, %0" : "=&a"(r) : "a"(x));
    return r;
}
