static char buf[16];
char *f(int i)
{
    asm("movb $65, %0" : "=m"(buf[i]));
    return buf;
}
