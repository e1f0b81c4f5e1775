void f(void)
{
    asm volatile("pause");
}
