/* expect: impossible constraint in 'asm' */
void f(int *p)
{
    asm("incl %0" : "+>"(*p));
}
