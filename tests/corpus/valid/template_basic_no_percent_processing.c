void f(void)
{
    asm("movl %eax, %eax");
}
