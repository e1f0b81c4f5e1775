/* expect: invalid 'asm': invalid %-code */
int f(int x)
{
    asm("incl %0 %$" : "+r"(x));
    return x;
}
