/* expect: invalid 'asm': unterminated assembly dialect alternative */
int f(int x)
{
    asm("{incl %0|inc %0" : "+r"(x));
    return x;
}
