/* expect: read-only location '"abc"' used as 'asm' output */
void f(void)
{
    asm("movb $0, %0" : "=m"("abc"));
}
