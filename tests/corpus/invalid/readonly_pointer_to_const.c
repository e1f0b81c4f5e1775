/* expect: read-only location '*p' used as 'asm' output */
void f(const char *p)
{
    asm("movb $0, %0" : "=m"(*p));
}
