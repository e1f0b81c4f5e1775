/* flags: -masm=intel */
int f(int a)
{
    asm("add%z0 %0, 1" : "+r"(a));
    return a;
}
