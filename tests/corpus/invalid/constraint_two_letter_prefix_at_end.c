/* expect: impossible constraint in 'asm' */
int f(void)
{
    int b;
    asm("movl $1, %0" : "=rY"(b));
    return b;
}
