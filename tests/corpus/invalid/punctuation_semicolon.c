/* expect: invalid punctuation ';' in constraint */
/* expect: invalid punctuation ';' in constraint */
int f(int x)
{
    asm("incl %0" : "+r;"(x));
    return x;
}
