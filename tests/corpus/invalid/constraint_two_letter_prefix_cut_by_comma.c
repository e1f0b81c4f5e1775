/* expect: impossible constraint in 'asm' */
char f(void)
{
    char b = 1;
    asm("" : "+gT,m"(b));
    return b;
}
