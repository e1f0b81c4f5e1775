/* expect: 'asm' operand has impossible constraints */
char f(void)
{
    char r;
    asm("movb $1, %0" : "=d"(r) : : "dh");
    return r;
}
