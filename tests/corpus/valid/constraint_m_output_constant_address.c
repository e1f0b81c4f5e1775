void f(void)
{
    asm("movl $1, %0" : "=m"(*(int *)0x1000));
}
