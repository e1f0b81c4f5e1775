/* expect: invalid 'asm': invalid expression as operand */
int f(int x)
{
    asm("negl %n0" : "+r"(x));
    return x;
}
